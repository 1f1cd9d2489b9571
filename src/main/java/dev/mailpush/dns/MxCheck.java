package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;

/** The domain's MX records point at the hosts that serve it. */
final class MxCheck {
  private MxCheck() {}

  /**
   * @param hostnames hostname of every inventory host serving the domain, in inventory order
   */
  public static Check check(DnsLookup dns, String domain, List<String> hostnames) {
    DnsAnswer a = dns.query(domain, RecordType.MX);
    String expected = String.join(", ", hostnames);
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.domain(domain),
          "mx",
          Status.FAIL,
          a.describe(),
          expected,
          null,
          "could not look up the MX records: " + f.reason());
    }
    List<String> targets = new ArrayList<>();
    for (String v : a.values()) {
      targets.add(Names.normalize(v.substring(v.indexOf(' ') + 1)));
    }
    List<String> missing =
        hostnames.stream().filter(h -> !targets.contains(Names.normalize(h))).toList();
    String fix = missing.isEmpty() ? null : fixLines(domain, missing, a.values().size());
    if (targets.size() == 1 && targets.get(0).isEmpty()) {
      return new Check(
          Subject.domain(domain),
          "mx",
          Status.FAIL,
          "0 . (null MX: the domain accepts no mail)",
          expected,
          "remove the null MX, then publish: " + fix,
          "the domain declares that it accepts no mail");
    }
    if (a.isVoid()) {
      return new Check(
          Subject.domain(domain),
          "mx",
          Status.FAIL,
          a.describe(),
          expected,
          fix,
          "no MX record: mail for " + domain + " is not delivered to the server");
    }
    if (missing.size() == hostnames.size()) {
      return new Check(
          Subject.domain(domain),
          "mx",
          Status.FAIL,
          a.describe(),
          expected,
          fix,
          "the MX records point at none of the hosts serving " + domain);
    }
    if (!missing.isEmpty()) {
      return new Check(
          Subject.domain(domain),
          "mx",
          Status.WARN,
          a.describe(),
          expected,
          fix,
          "some hosts serving " + domain + " are not in its MX records: " + missing);
    }
    List<String> others =
        targets.stream().filter(t -> hostnames.stream().noneMatch(h -> Names.same(h, t))).toList();
    return new Check(
        Subject.domain(domain),
        "mx",
        Status.OK,
        a.describe(),
        expected,
        null,
        others.isEmpty()
            ? "MX points at the server"
            : "MX points at the server (also at " + others + ")");
  }

  private static String fixLines(String domain, List<String> hostnames, int existing) {
    List<String> lines = new ArrayList<>();
    int pref = 10 * (existing + 1);
    for (String h : hostnames) {
      lines.add(Zone.mx(domain, pref, h));
      pref += 10;
    }
    return String.join("\n", lines);
  }
}
