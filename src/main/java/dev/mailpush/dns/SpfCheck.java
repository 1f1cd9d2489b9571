package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The domain's SPF policy: one valid record within the lookup limits, ending in -all or ~all. */
final class SpfCheck {
  private SpfCheck() {}

  /** The record suggested when there is none: the MX hosts send the domain's mail. */
  public static String suggested(String domain) {
    return Zone.txt(domain, "v=spf1 mx -all");
  }

  public static Check check(DnsLookup dns, String domain) {
    SpfEvaluator spf = new SpfEvaluator(dns);
    SpfEvaluator.Published p = spf.published(domain);
    if (p instanceof SpfEvaluator.Published.Unknown u) {
      return fail(
          domain,
          "lookup failed: " + u.reason(),
          null,
          "could not look up the TXT records: " + u.reason());
    }
    if (p instanceof SpfEvaluator.Published.None) {
      return fail(
          domain,
          "no v=spf1 record",
          suggested(domain),
          "no SPF record: receivers cannot tell who may send");
    }
    if (p instanceof SpfEvaluator.Published.Many m) {
      return fail(
          domain,
          String.join(" | ", m.texts()),
          "delete all but one v=spf1 TXT record of "
              + Names.fqdn(domain)
              + ", e.g. keep "
              + suggested(domain),
          m.texts().size()
              + " SPF records: receivers treat that as a permanent error (RFC 7208 4.5)");
    }
    String text = ((SpfEvaluator.Published.One) p).text();
    SpfRecord rec;
    try {
      rec = SpfRecord.parse(text);
    } catch (IllegalArgumentException e) {
      return fail(domain, text, suggested(domain), "invalid SPF syntax: " + e.getMessage());
    }
    SpfEvaluator.Audit audit = spf.audit(domain, text);
    List<String> problems = new ArrayList<>(audit.problems());
    if (audit.lookups() > SpfEvaluator.MAX_LOOKUPS) {
      problems.add(
          audit.lookups() + " DNS-querying terms counted through includes (RFC 7208 allows 10)");
    }
    if (audit.voids() > SpfEvaluator.MAX_VOIDS) {
      problems.add(audit.voids() + " void lookups (RFC 7208 allows 2)");
    }
    String counts = " (" + audit.lookups() + "/10 lookups, " + audit.voids() + "/2 void)";
    if (!problems.isEmpty()) {
      String fix =
          audit.lookups() > SpfEvaluator.MAX_LOOKUPS
              ? "flatten the record: replace include: terms by the ip4:/ip6: ranges they stand for, e.g. "
                  + Zone.txt(domain, "v=spf1 mx -all")
              : suggested(domain);
      return fail(domain, text, fix, String.join("; ", problems) + counts);
    }
    Status status = Status.OK;
    List<String> notes = new ArrayList<>(audit.notes());
    String fix = null;
    if (rec.all().isPresent()) {
      char q = rec.all().get().qualifier();
      if (q == '+') {
        status = Status.FAIL;
        notes.add("+all lets anyone send as " + domain);
        fix = Zone.txt(domain, rec.withHardFail());
      } else if (q == '?') {
        status = Status.WARN;
        notes.add("?all is neutral: end with -all or ~all");
        fix = Zone.txt(domain, rec.withHardFail());
      }
    } else if (rec.modifier("redirect").isEmpty()) {
      status = Status.WARN;
      notes.add("no all at the end: mail from anywhere else is neutral; end with -all or ~all");
      fix = Zone.txt(domain, rec.withHardFail());
    }
    if (status == Status.OK && !notes.isEmpty()) {
      status = Status.WARN;
    }
    return new Check(
        Subject.domain(domain),
        "spf",
        status,
        text,
        "one v=spf1 record ending in -all or ~all",
        fix,
        (notes.isEmpty() ? "valid SPF record" : String.join("; ", notes)) + counts);
  }

  /** The policy authorises the host's addresses. */
  public static Check checkHost(
      DnsLookup dns, String domain, String host, String hostname, List<InetAddress> addresses) {
    SpfEvaluator spf = new SpfEvaluator(dns);
    List<String> found = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    boolean temp = false;
    for (InetAddress a : addresses) {
      SpfEvaluator.Evaluation e = spf.checkHost(a, domain);
      found.add(
          a.getHostAddress()
              + ": "
              + e.result().name().toLowerCase(java.util.Locale.ROOT)
              + (e.matched().isEmpty() ? "" : " (" + e.matched() + ")")
              + (e.detail().isEmpty() ? "" : " - " + e.detail()));
      if (e.result() == SpfEvaluator.Result.TEMPERROR) {
        temp = true;
      }
      if (e.result() != SpfEvaluator.Result.PASS) {
        bad.add(a.getHostAddress());
      }
    }
    String expected =
        "pass for "
            + String.join(", ", addresses.stream().map(InetAddress::getHostAddress).toList());
    if (bad.isEmpty()) {
      return new Check(
          Subject.of(domain, host),
          "spf-host",
          Status.OK,
          String.join("; ", found),
          expected,
          null,
          "SPF authorises " + hostname);
    }
    String fix;
    SpfEvaluator.Published p = spf.published(domain);
    if (p instanceof SpfEvaluator.Published.One one) {
      try {
        SpfRecord rec = SpfRecord.parse(one.text());
        StringBuilder mech = new StringBuilder();
        for (String ip : bad) {
          mech.append(mech.length() == 0 ? "" : " ")
              .append(ip.contains(":") ? "ip6:" : "ip4:")
              .append(ip);
        }
        fix = Zone.txt(domain, rec.withBeforeAll(mech.toString()));
      } catch (IllegalArgumentException e) {
        fix = SpfCheck.suggested(domain);
      }
    } else {
      fix = SpfCheck.suggested(domain);
    }
    return new Check(
        Subject.of(domain, host),
        "spf-host",
        Status.FAIL,
        String.join("; ", found),
        expected,
        fix,
        temp
            ? "SPF could not be evaluated for " + bad
            : "SPF does not authorise " + hostname + " at " + bad);
  }

  private static Check fail(String domain, String found, String fix, String message) {
    return new Check(
        Subject.domain(domain),
        "spf",
        Status.FAIL,
        found,
        "one v=spf1 record ending in -all or ~all",
        fix,
        message);
  }
}
