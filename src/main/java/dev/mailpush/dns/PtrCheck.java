package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.List;

/**
 * Forward-confirmed reverse DNS: the address's PTR names {@code hostname}, which resolves back to
 * it.
 */
final class PtrCheck {
  private PtrCheck() {}

  public static Check check(DnsLookup dns, String host, String hostname, InetAddress address) {
    String ip = address.getHostAddress();
    String ask =
        "ask your hosting provider to set the reverse DNS of "
            + ip
            + " to "
            + Names.normalize(hostname);
    DnsAnswer ptr = dns.query(ip, RecordType.PTR);
    if (ptr instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.host(host),
          "ptr",
          Status.FAIL,
          ptr.describe(),
          hostname,
          ask,
          "could not look up the PTR of " + ip + ": " + f.reason());
    }
    if (ptr.isVoid()) {
      return new Check(
          Subject.host(host),
          "ptr",
          Status.FAIL,
          ptr.describe(),
          hostname,
          ask,
          "no reverse DNS for " + ip + ": many receivers reject or junk such mail");
    }
    List<String> names = ptr.values();
    if (names.stream().noneMatch(n -> Names.same(n, hostname))) {
      return new Check(
          Subject.host(host),
          "ptr",
          Status.FAIL,
          ptr.describe(),
          hostname,
          ask,
          "the reverse DNS of " + ip + " is not " + hostname);
    }
    DnsAnswer forward = dns.query(hostname, Names.isV6(address) ? RecordType.AAAA : RecordType.A);
    boolean back =
        forward.values().stream()
            .anyMatch(v -> Names.ipLiteral(v).map(address::equals).orElse(false));
    if (!back) {
      return new Check(
          Subject.host(host),
          "ptr",
          Status.FAIL,
          ptr.describe() + " -> " + forward.describe(),
          hostname,
          Zone.address(hostname, ip),
          "the PTR names " + hostname + " but it does not resolve back to " + ip);
    }
    if (names.size() > 1) {
      return new Check(
          Subject.host(host),
          "ptr",
          Status.WARN,
          ptr.describe(),
          hostname,
          ask,
          ip + " has several PTR records; receivers may pick another name");
    }
    return new Check(
        Subject.host(host),
        "ptr",
        Status.OK,
        ptr.describe(),
        hostname,
        null,
        "forward-confirmed reverse DNS for " + ip);
  }
}
