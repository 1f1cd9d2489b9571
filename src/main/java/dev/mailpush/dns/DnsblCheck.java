package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address against one DNS blocklist. Answers in 127.255.255.0/24 are the list refusing the
 * query (Spamhaus: .252 bad query, .254 public/open resolver, .255 rate limit), not a listing.
 */
final class DnsblCheck {
  private DnsblCheck() {}

  /** The name to ask: reversed octets (IPv4) or nibbles (IPv6) under the zone. */
  public static String queryName(InetAddress address, String zone) {
    byte[] b = address.getAddress();
    StringBuilder s = new StringBuilder();
    if (b.length == 4) {
      for (int i = 3; i >= 0; i--) {
        s.append(b[i] & 0xff).append('.');
      }
    } else {
      for (int i = b.length - 1; i >= 0; i--) {
        s.append(Integer.toHexString(b[i] & 0x0f))
            .append('.')
            .append(Integer.toHexString((b[i] >> 4) & 0x0f))
            .append('.');
      }
    }
    return s + Names.normalize(zone);
  }

  public static Check check(DnsLookup dns, String host, InetAddress address, String zone) {
    String check = "dnsbl:" + Names.normalize(zone);
    String ip = address.getHostAddress();
    String q = queryName(address, zone);
    DnsAnswer a = dns.query(q, RecordType.A);
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.host(host),
          check,
          Status.WARN,
          a.describe(),
          "not listed",
          null,
          "could not query " + zone + " for " + ip + ": " + f.reason());
    }
    if (a.isVoid()) {
      return new Check(
          Subject.host(host),
          check,
          Status.OK,
          "not listed",
          "not listed",
          null,
          ip + " is not on " + zone);
    }
    List<String> answers = a.values();
    Optional<String> refused =
        answers.stream().filter(v -> v.startsWith("127.255.255.")).findFirst();
    if (refused.isPresent()) {
      return new Check(
          Subject.host(host),
          check,
          Status.WARN,
          String.join(", ", answers),
          "not listed",
          "query "
              + zone
              + " through your own recursive resolver (not a public or forwarding one): --resolver",
          zone
              + " refused the query ("
              + meaning(refused.get())
              + "): this is not a listing, the result is unknown");
    }
    if (answers.stream().noneMatch(v -> v.startsWith("127."))) {
      return new Check(
          Subject.host(host),
          check,
          Status.WARN,
          String.join(", ", answers),
          "not listed",
          null,
          "unexpected answer from "
              + zone
              + " (a resolver that rewrites NXDOMAIN?): the result is unknown");
    }
    String reason = String.join(" ", dns.query(q, RecordType.TXT).values());
    return new Check(
        Subject.host(host),
        check,
        Status.FAIL,
        String.join(", ", answers) + (reason.isEmpty() ? "" : " " + reason),
        "not listed",
        "request removal of "
            + ip
            + " from "
            + zone
            + (reason.isEmpty() ? "" : " (see " + reason + ")"),
        ip + " is listed on " + zone + ": many receivers refuse its mail");
  }

  private static String meaning(String answer) {
    return switch (answer) {
      case "127.255.255.252" -> "127.255.255.252: malformed query";
      case "127.255.255.254" -> "127.255.255.254: query through a public or open resolver";
      case "127.255.255.255" -> "127.255.255.255: too many queries";
      default -> answer + ": an error code";
    };
  }
}
