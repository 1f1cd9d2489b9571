package dev.mailpush.dns;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.MtaStsPolicy;
import dev.mailpush.inventory.WebConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of the host's web server ({@code [mail] mta_sts}, {@code autoconfig}): {@code
 * _mta-sts.DOMAIN TXT "v=STSv1; id=..."} with the id of the policy the host serves, and the
 * addresses of mta-sts.DOMAIN and autoconfig.DOMAIN (the web host's own). The inventory lets at
 * most one host serve them per domain.
 */
final class WebRecords {
  private WebRecords() {}

  /** The host that serves the domain's web names, if any. */
  static Optional<HostConfig> webHost(List<HostConfig> serving) {
    return serving.stream().filter(h -> h.mail().web().enabled()).findFirst();
  }

  static void wanted(
      String domain, List<HostConfig> serving, DnsLookup dns, List<WantedRecord> wanted) {
    Optional<HostConfig> web = webHost(serving);
    if (web.isEmpty()) {
      return;
    }
    HostConfig h = web.get();
    Optional<MtaStsPolicy> policy = h.mail().web().policy(h.hostname());
    policy.ifPresent(
        p ->
            wanted.add(
                new WantedRecord.Exact(
                    Subject.domain(domain),
                    "dns-mta-sts",
                    "MTASTS",
                    "_mta-sts." + domain,
                    "TXT",
                    List.of(p.record()),
                    false)));
    List<InetAddress> addrs = AddressCheck.expected(dns, h, new ArrayList<>());
    for (String name : h.mail().web().names(List.of(domain))) {
      for (String type : List.of("A", "AAAA")) {
        List<String> of =
            addrs.stream()
                .filter(a -> Names.isV6(a) == type.equals("AAAA"))
                .map(Names::text)
                .toList();
        if (!of.isEmpty()) {
          wanted.add(
              new WantedRecord.Exact(
                  Subject.domain(domain), "dns-web-address", type, name, type, of, false));
        }
      }
    }
  }

  /**
   * dns-report: with a host serving the policy, {@code _mta-sts} must carry its id (FAIL with the
   * record otherwise), and the web names must point at the host; without one, the optional record
   * is only reported.
   */
  static List<Check> checks(DnsLookup dns, String domain, List<HostConfig> serving, String today) {
    Optional<HostConfig> web = webHost(serving);
    if (web.isEmpty() || web.get().mail().web().mtaSts() == WebConfig.MtaStsMode.OFF) {
      List<Check> checks = new ArrayList<>();
      checks.add(ReportingCheck.mtaSts(dns, domain, today));
      web.ifPresent(h -> checks.addAll(addresses(dns, domain, h)));
      return checks;
    }
    HostConfig h = web.get();
    MtaStsPolicy policy = h.mail().web().policy(h.hostname()).orElseThrow();
    List<Check> checks = new ArrayList<>();
    checks.add(mtaSts(dns, domain, policy));
    checks.addAll(addresses(dns, domain, h));
    return checks;
  }

  private static Check mtaSts(DnsLookup dns, String domain, MtaStsPolicy policy) {
    String name = "_mta-sts." + Names.normalize(domain);
    String fix =
        Zone.txt(name, policy.record())
            + "\n(or run mailpush dns apply; the id changes whenever the policy does)";
    DnsAnswer a = dns.query(name, RecordType.TXT);
    Subject subject = Subject.domain(domain);
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          subject,
          "mta-sts",
          Status.WARN,
          a.describe(),
          policy.record(),
          null,
          "could not look up " + name + ": " + f.reason());
    }
    List<String> records =
        a.values().stream().filter(r -> r.strip().startsWith("v=STSv1")).toList();
    if (records.size() != 1) {
      return new Check(
          subject,
          "mta-sts",
          Status.FAIL,
          records.isEmpty() ? "no record" : String.join(" | ", records),
          policy.record(),
          fix,
          records.isEmpty()
              ? "no " + name + " record: senders never fetch the MTA-STS policy the host serves"
              : "several v=STSv1 records at " + name + ": senders ignore them all");
    }
    String id;
    try {
      id = TagList.parse(records.get(0)).getOrDefault("id", "");
    } catch (IllegalArgumentException e) {
      id = "";
    }
    if (!id.equals(policy.id())) {
      return new Check(
          subject,
          "mta-sts",
          Status.FAIL,
          records.get(0),
          policy.record(),
          fix,
          "the id in "
              + name
              + " is not the served policy's ("
              + policy.id()
              + "): senders keep a policy they cached instead of fetching the current one");
    }
    return new Check(
        subject,
        "mta-sts",
        Status.OK,
        records.get(0),
        policy.record(),
        null,
        "MTA-STS published (mode " + policy.mode().key() + "), id matches the served policy");
  }

  /** mta-sts.DOMAIN and autoconfig.DOMAIN resolve to the web host (where its certificate is). */
  private static List<Check> addresses(DnsLookup dns, String domain, HostConfig h) {
    List<Check> checks = new ArrayList<>();
    List<InetAddress> want = AddressCheck.expected(dns, h, new ArrayList<>());
    if (want.isEmpty()) {
      return checks;
    }
    for (String name : h.mail().web().names(List.of(domain))) {
      List<String> fix = new ArrayList<>();
      List<String> found = new ArrayList<>();
      boolean ok = true;
      for (RecordType t : List.of(RecordType.A, RecordType.AAAA)) {
        boolean v6 = t == RecordType.AAAA;
        List<String> expected =
            want.stream().filter(a -> Names.isV6(a) == v6).map(Names::text).toList();
        List<String> have =
            dns.query(name, t).values().stream()
                .map(v -> Names.ipLiteral(v).map(Names::text).orElse(v))
                .toList();
        found.addAll(have);
        if (!expected.isEmpty() && !have.containsAll(expected)) {
          ok = false;
          expected.forEach(ip -> fix.add(Zone.address(name, ip)));
        }
      }
      checks.add(
          ok
              ? new Check(
                  Subject.domain(domain),
                  "web-address",
                  Status.OK,
                  String.join(", ", found),
                  null,
                  null,
                  name + " points at " + h.name())
              : new Check(
                  Subject.domain(domain),
                  "web-address",
                  Status.FAIL,
                  found.isEmpty() ? "no record" : String.join(", ", found),
                  String.join(", ", want.stream().map(Names::text).toList()),
                  String.join("\n", fix),
                  name
                      + " does not point at "
                      + h.name()
                      + ": its certificate cannot be issued and nothing is served there"));
    }
    return checks;
  }
}
