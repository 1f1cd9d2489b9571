package dev.mailpush.dns;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's {@code hostname} resolves to the host's address (A, and AAAA when the address is
 * IPv6).
 */
final class AddressCheck {
  private AddressCheck() {}

  /**
   * The addresses the world reaches a host at ({@link HostConfig#publishedAddresses}), names
   * resolved.
   *
   * @return empty with {@code error} set when a name does not resolve
   */
  public static List<InetAddress> expected(DnsLookup dns, HostConfig host, List<String> error) {
    List<InetAddress> out = new ArrayList<>();
    for (String address : host.publishedAddresses()) {
      out.addAll(expected(dns, address, error));
    }
    return out;
  }

  /**
   * The addresses of one inventory address: the literal, or what the name resolves to.
   *
   * @return empty with {@code error} set when a name does not resolve
   */
  public static List<InetAddress> expected(DnsLookup dns, String address, List<String> error) {
    Optional<InetAddress> literal = Names.ipLiteral(address);
    if (literal.isPresent()) {
      return List.of(literal.get());
    }
    List<InetAddress> out = new ArrayList<>();
    for (RecordType t : List.of(RecordType.A, RecordType.AAAA)) {
      DnsAnswer a = dns.query(address, t);
      if (a instanceof DnsAnswer.Failure f) {
        error.add(t + " lookup of " + address + " failed: " + f.reason());
      }
      a.values().forEach(v -> Names.ipLiteral(v).ifPresent(out::add));
    }
    if (out.isEmpty() && error.isEmpty()) {
      error.add("the inventory address " + address + " does not resolve");
    }
    return out;
  }

  public static Check check(
      DnsLookup dns, String host, String hostname, List<InetAddress> expected) {
    List<String> problems = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    List<String> found = new ArrayList<>();
    boolean failed = false;
    for (RecordType t : List.of(RecordType.A, RecordType.AAAA)) {
      boolean v6 = t == RecordType.AAAA;
      Set<InetAddress> want =
          new LinkedHashSet<>(expected.stream().filter(a -> Names.isV6(a) == v6).toList());
      DnsAnswer a = dns.query(hostname, t);
      found.add(t + " " + a.describe());
      if (a instanceof DnsAnswer.Failure) {
        problems.add(t + " lookup failed");
        failed = true;
        continue;
      }
      Set<InetAddress> have = new LinkedHashSet<>();
      a.values().forEach(v -> Names.ipLiteral(v).ifPresent(have::add));
      if (want.isEmpty()) {
        continue; // the inventory says nothing about this family
      }
      for (InetAddress w : want) {
        if (!have.contains(w)) {
          fixes.add(Zone.address(hostname, w.getHostAddress()));
        }
      }
      if (!have.containsAll(want)) {
        problems.add(hostname + " has no " + t + " record for " + want);
        failed = true;
      }
      Set<InetAddress> extra = new LinkedHashSet<>(have);
      extra.removeAll(want);
      if (!extra.isEmpty()) {
        problems.add(hostname + " also resolves to " + extra + ", not this host's address");
        fixes.add("remove the " + t + " record(s) of " + Names.fqdn(hostname) + " for " + extra);
        failed = true;
      }
    }
    String expectedText =
        String.join(", ", expected.stream().map(InetAddress::getHostAddress).toList());
    if (expected.isEmpty()) {
      return new Check(
          Subject.host(host),
          "address",
          Status.FAIL,
          String.join("; ", found),
          null,
          null,
          "the host's address is unknown");
    }
    return new Check(
        Subject.host(host),
        "address",
        failed ? Status.FAIL : Status.OK,
        String.join("; ", found),
        expectedText,
        fixes.isEmpty() ? null : String.join("\n", fixes),
        failed ? String.join("; ", problems) : hostname + " resolves to the host's address");
  }
}
