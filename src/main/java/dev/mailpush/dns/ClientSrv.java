package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The SRV records of RFC 6186 (and RFC 8314's {@code _submissions}) that let a mail client find the
 * server from an address alone: submission on 465 and 587, IMAP on 993 and 143, each at every host
 * serving the domain, in inventory order.
 */
final class ClientSrv {
  /** One service's SRV name under the domain and the port it points to. */
  record Service(String label, int port) {
    String name(String domain) {
      return label + "." + Names.normalize(domain);
    }
  }

  static final List<Service> SERVICES =
      List.of(
          new Service("_submissions._tcp", 465),
          new Service("_submission._tcp", 587),
          new Service("_imaps._tcp", 993),
          new Service("_imap._tcp", 143));

  private ClientSrv() {}

  /** {@code PRIORITY WEIGHT PORT target} for each host: 10, 20... like the MX records. */
  static List<String> data(Service service, List<String> hostnames) {
    List<String> data = new ArrayList<>();
    for (int i = 0; i < hostnames.size(); i++) {
      data.add((10 * (i + 1)) + " 1 " + service.port() + " " + Names.normalize(hostnames.get(i)));
    }
    return data;
  }

  /** Optional records: none is INFO with the lines to publish, some or wrong ones a WARN. */
  static Check check(DnsLookup dns, String domain, List<String> hostnames) {
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> fix = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Service s : SERVICES) {
      String name = s.name(domain);
      List<String> want = data(s, hostnames);
      want.forEach(d -> expected.add(Zone.srv(name, d)));
      DnsAnswer a = dns.query(name, RecordType.SRV);
      if (a instanceof DnsAnswer.Failure f) {
        failed.add(name + " (" + f.reason() + ")");
      } else if (a.isVoid()) {
        missing.add(s.label());
        want.forEach(d -> fix.add(Zone.srv(name, d)));
      } else if (!a.values().stream().map(Names::normalize).toList().containsAll(want)) {
        wrong.add(s.label() + " -> " + String.join(", ", a.values()));
        want.forEach(d -> fix.add(Zone.srv(name, d)));
      }
    }
    Subject subject = Subject.domain(domain);
    String shouldBe = String.join(" | ", expected);
    if (!failed.isEmpty()) {
      return new Check(
          subject,
          "client-srv",
          Status.WARN,
          "lookup failed",
          shouldBe,
          null,
          "could not look up " + String.join(", ", failed));
    }
    if (missing.size() == SERVICES.size()) {
      return new Check(
          subject,
          "client-srv",
          Status.INFO,
          "no record",
          shouldBe,
          String.join("\n", fix),
          "no client SRV records: mail clients cannot find the server from an address alone"
              + " (optional)");
    }
    if (!missing.isEmpty() || !wrong.isEmpty()) {
      List<String> what = new ArrayList<>();
      if (!missing.isEmpty()) {
        what.add("missing " + String.join(", ", missing));
      }
      if (!wrong.isEmpty()) {
        what.add("not pointing at the server: " + String.join("; ", wrong));
      }
      return new Check(
          subject,
          "client-srv",
          Status.WARN,
          String.join("; ", what),
          shouldBe,
          String.join("\n", fix),
          "client SRV records incomplete: " + String.join("; ", what));
    }
    return new Check(
        subject,
        "client-srv",
        Status.OK,
        shouldBe,
        shouldBe,
        null,
        "mail clients find " + String.join(", ", hostnames) + " from an address (SRV, RFC 6186)");
  }
}
