package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.List;
import java.util.Map;

/**
 * MTA-STS ({@code _mta-sts}) and TLS-RPT ({@code _smtp._tls}): reported when present, suggested
 * when absent.
 */
final class ReportingCheck {
  private ReportingCheck() {}

  public static Check mtaSts(DnsLookup dns, String domain, String today) {
    String d = Names.normalize(domain);
    return check(
        dns,
        domain,
        "mta-sts",
        "_mta-sts." + d,
        "v=STSv1",
        "id",
        "v=STSv1; id=" + today + "01",
        "; and serve the policy at https://mta-sts." + d + "/.well-known/mta-sts.txt",
        "no MTA-STS: senders cannot insist on TLS to this domain");
  }

  /** The TLS-RPT record suggested, and written by dns apply where there is none. */
  static String tlsRptValue(String domain) {
    return "v=TLSRPTv1; rua=mailto:postmaster@" + Names.normalize(domain);
  }

  public static Check tlsRpt(DnsLookup dns, String domain) {
    String d = Names.normalize(domain);
    return check(
        dns,
        domain,
        "tls-rpt",
        "_smtp._tls." + d,
        "v=TLSRPTv1",
        "rua",
        tlsRptValue(d),
        "",
        "no TLS-RPT: senders cannot report TLS failures to you");
  }

  private static Check check(
      DnsLookup dns,
      String domain,
      String check,
      String name,
      String version,
      String requiredTag,
      String suggestion,
      String suffix,
      String absent) {
    DnsAnswer a = dns.query(name, RecordType.TXT);
    String fix = Zone.txt(name, suggestion) + suffix;
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.domain(domain),
          check,
          Status.WARN,
          a.describe(),
          version,
          null,
          "could not look up " + name + ": " + f.reason());
    }
    String[] v = version.split("=");
    List<String> records = a.values().stream().filter(r -> r.strip().startsWith(version)).toList();
    if (records.isEmpty()) {
      return new Check(
          Subject.domain(domain),
          check,
          Status.INFO,
          "no record",
          version,
          fix,
          absent + " (optional)");
    }
    if (records.size() > 1) {
      return new Check(
          Subject.domain(domain),
          check,
          Status.WARN,
          String.join(" | ", records),
          version,
          fix,
          "several " + version + " records at " + name + ": senders ignore them all");
    }
    try {
      Map<String, String> tags = TagList.parse(records.get(0));
      if (!v[1].equals(tags.get(v[0].toLowerCase(java.util.Locale.ROOT)))
          || !tags.containsKey(requiredTag)
          || tags.get(requiredTag).isEmpty()) {
        return new Check(
            Subject.domain(domain),
            check,
            Status.WARN,
            records.get(0),
            version,
            fix,
            name + " needs " + version + " first and a " + requiredTag + "= tag");
      }
    } catch (IllegalArgumentException e) {
      return new Check(
          Subject.domain(domain),
          check,
          Status.WARN,
          records.get(0),
          version,
          fix,
          "invalid " + name + " record: " + e.getMessage());
    }
    return new Check(
        Subject.domain(domain),
        check,
        Status.OK,
        records.get(0),
        version,
        null,
        check + " published");
  }
}
