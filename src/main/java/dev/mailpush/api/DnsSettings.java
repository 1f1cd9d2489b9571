package dev.mailpush.api;

import dev.mailpush.dns.DnsLookup;
import dev.mailpush.dns.DnsReport;
import dev.mailpush.dns.DnsjavaLookup;
import java.util.List;
import java.util.Objects;

/**
 * How {@code dns-report} asks.
 *
 * @param resolver the DNS server asked (the system's resolvers by default)
 * @param dnsbls blocklist zones the hosts' addresses are checked against
 * @param readHostKeys whether the hosts' DKIM keys are read over SSH to compare with DNS (else
 *     syntax only)
 */
public record DnsSettings(DnsLookup resolver, List<String> dnsbls, boolean readHostKeys) {
  public DnsSettings {
    Objects.requireNonNull(resolver, "resolver");
    dnsbls = List.copyOf(dnsbls);
  }

  /** The system's resolvers, the default blocklists, DKIM keys read from the hosts. */
  public static DnsSettings defaults() {
    return new DnsSettings(DnsjavaLookup.system(), DnsReport.DEFAULT_DNSBLS, true);
  }

  /**
   * From command-line words: {@code resolver} as HOST or HOST:PORT (or null for the system's),
   * blocklist zones, and whether to read the keys over SSH.
   *
   * @throws UsageException naming the bad value and an example
   */
  public static DnsSettings parse(String resolver, List<String> dnsbls, boolean readHostKeys) {
    List<String> zones = dnsbls.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String z : zones) {
      if (!z.matches("[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+\\.?")) {
        throw new UsageException(
            "--dnsbl: \"" + z + "\" is not a DNS zone",
            "e.g. --dnsbl zen.spamhaus.org,bl.spamcop.net");
      }
    }
    return new DnsSettings(
        resolver == null ? DnsjavaLookup.system() : server(resolver), zones, readHostKeys);
  }

  private static DnsLookup server(String resolver) {
    String host = resolver;
    int port = 53;
    int colon = resolver.lastIndexOf(':');
    try {
      if (colon > 0
          && resolver.indexOf(':') == colon) { // host:port; a bare IPv6 address has several colons
        host = resolver.substring(0, colon);
        port = Integer.parseInt(resolver.substring(colon + 1));
      } else if (resolver.startsWith("[") && resolver.contains("]:")) {
        host = resolver.substring(1, resolver.indexOf(']'));
        port = Integer.parseInt(resolver.substring(resolver.indexOf("]:") + 2));
      }
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535 || host.isBlank()) {
      throw new UsageException(
          "--resolver " + resolver + ": expected HOST or HOST:PORT",
          "e.g. --resolver 127.0.0.1:5353");
    }
    try {
      return DnsjavaLookup.server(host, port);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--resolver " + resolver + ": " + e.getMessage(), "give the resolver as an IP address");
    }
  }
}
