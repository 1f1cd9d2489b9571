package dev.mailpush.dns;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DANE for a host's SMTP (RFC 7672): {@code _25._tcp.HOSTNAME TLSA 3 1 1 HASH}, the SHA-256 of the
 * key's SubjectPublicKeyInfo (DANE-EE: the key alone, so a certificate renewed with the same key
 * keeps the record valid). Senders honour it only in a DNSSEC-signed zone.
 */
public final class Tlsa {
  private Tlsa() {}

  /** The owner name of the host's TLSA records. */
  public static String name(String hostname) {
    return "_25._tcp." + Names.normalize(hostname);
  }

  /** The data of a DANE-EE record for a key whose SPKI has SHA-256 {@code sha256} (hex). */
  public static String data(String sha256) {
    return data(3, 1, 1, sha256);
  }

  static String data(int usage, int selector, int matching, String hex) {
    return usage + " " + selector + " " + matching + " " + hex.toLowerCase(Locale.ROOT);
  }

  /** What {@code _25._tcp.HOSTNAME} holds. */
  public sealed interface Published {
    /** The TLSA records' data, e.g. {@code "3 1 1 ab12..."}. */
    record Records(List<String> data) implements Published {
      public Records {
        data = List.copyOf(data);
      }

      /** Whether a {@code 3 1 1} record names the key whose SPKI has SHA-256 {@code sha256}. */
      public boolean matches(String sha256) {
        return data.stream().anyMatch(d -> d.equalsIgnoreCase(Tlsa.data(sha256)));
      }
    }

    record None() implements Published {}

    /** The lookup failed: whether DANE is in use is not known. */
    record Unknown(String reason) implements Published {}
  }

  /** The TLSA records of {@code hostname}'s SMTP, as {@code dns} answers. */
  public static Published published(DnsLookup dns, String hostname) {
    DnsAnswer a = dns.query(name(hostname), RecordType.TLSA);
    if (a instanceof DnsAnswer.Failure f) {
      return new Published.Unknown(f.reason());
    }
    return a.values().isEmpty()
        ? new Published.None()
        : new Published.Records(a.values().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
  }

  /** Whether the zone of a name is DNSSEC-signed. */
  sealed interface Signing {
    record Signed(String zone) implements Signing {}

    record Unsigned(String zone) implements Signing {}

    record Unknown(String reason) implements Signing {}
  }

  /**
   * The zone of {@code name} (the closest enclosing name with an SOA record) and whether it has a
   * DNSKEY at its apex. A parent's key says nothing: {@code com} is signed, {@code example.com} may
   * not be.
   */
  static Signing signing(DnsLookup dns, String name) {
    String n = Names.normalize(name);
    while (n.contains(".")) {
      DnsAnswer soa = dns.query(n, RecordType.SOA);
      if (soa instanceof DnsAnswer.Failure f) {
        return new Signing.Unknown("the SOA lookup of " + n + " failed: " + f.reason());
      }
      if (soa instanceof DnsAnswer.Records) {
        DnsAnswer key = dns.query(n, RecordType.DNSKEY);
        if (key instanceof DnsAnswer.Failure f) {
          return new Signing.Unknown("the DNSKEY lookup of " + n + " failed: " + f.reason());
        }
        return key instanceof DnsAnswer.Records ? new Signing.Signed(n) : new Signing.Unsigned(n);
      }
      n = n.substring(n.indexOf('.') + 1);
    }
    return new Signing.Unknown("no zone found that holds " + Names.normalize(name));
  }

  /** The TLSA data for the served key and, when there is one apart from it, the next key. */
  static List<String> wanted(String served, Optional<String> next) {
    return next.filter(n -> !n.equalsIgnoreCase(served))
        .map(n -> List.of(data(served), data(n)))
        .orElse(List.of(data(served)));
  }
}
