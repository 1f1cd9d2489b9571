package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code SELECTOR._domainkey.DOMAIN}: a valid DKIM key record whose {@code p=} is the host's key.
 */
final class DkimCheck {
  private DkimCheck() {}

  /** What the host has for this domain. */
  public sealed interface HostKey {
    /** The record file's text (opendkim-genkey's zone fragment). */
    record File(String text) implements HostKey {}

    /** The host has no key for the domain (not deployed yet). */
    record Missing() implements HostKey {}

    record Unknown(String reason) implements HostKey {}
  }

  /**
   * The value of a DKIM record: the joined strings, or {@code null} when the text has no quoted
   * string.
   */
  public static String recordValue(String fileText) {
    String v = Zone.unquote(fileText).strip();
    return v.isEmpty() ? null : v;
  }

  /** The record's {@code p=} with all whitespace removed, or empty if the record does not parse. */
  public static Optional<String> publicKey(String value) {
    try {
      String p = TagList.parse(value).get("p");
      return p == null ? Optional.empty() : Optional.of(p.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Syntax problems of a DKIM key record (RFC 6376 3.6.1); empty when valid. */
  public static List<String> syntax(String value) {
    List<String> errors = new ArrayList<>();
    Map<String, String> tags;
    try {
      tags = TagList.parse(value);
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
    if (tags.containsKey("v")
        && (!TagList.first(tags).equals("v") || !"DKIM1".equals(tags.get("v")))) {
      errors.add("v=DKIM1 must come first");
    }
    String k = tags.getOrDefault("k", "rsa");
    if (!k.equals("rsa") && !k.equals("ed25519")) {
      errors.add("k=" + k + " is not rsa or ed25519");
    }
    String p = tags.get("p");
    if (p == null) {
      errors.add("no p= (public key)");
      return errors;
    }
    p = p.replaceAll("\\s", "");
    if (p.isEmpty()) {
      errors.add("p= is empty: the key is revoked");
      return errors;
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(p);
    } catch (IllegalArgumentException e) {
      errors.add("p= is not base64: " + e.getMessage());
      return errors;
    }
    if (k.equals("rsa")) {
      try {
        RSAPublicKey key =
            (RSAPublicKey)
                KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        if (key.getModulus().bitLength() < 1024) {
          errors.add(
              "RSA key of "
                  + key.getModulus().bitLength()
                  + " bits: receivers require at least 1024");
        }
      } catch (java.security.GeneralSecurityException | ClassCastException e) {
        errors.add("p= is not an RSA public key");
      }
    } else if (der.length != 32) {
      errors.add("p= is not a 32-byte ed25519 key");
    }
    return errors;
  }

  public static Check check(
      DnsLookup dns, String domain, String host, String selector, HostKey hostKey) {
    String name = selector + "._domainkey." + Names.normalize(domain);
    DnsAnswer a = dns.query(name, RecordType.TXT);
    String hostValue = hostKey instanceof HostKey.File f ? recordValue(f.text()) : null;
    Optional<String> hostP = hostValue == null ? Optional.empty() : publicKey(hostValue);
    String fix =
        hostValue != null
            ? Zone.txt(name, hostValue.replaceAll("\\s+", " "))
            : "run mailpush deploy, then publish the TXT record it shows for " + Names.fqdn(name);
    String expected =
        hostP.map(p -> "p=" + abbreviate(p)).orElse("v=DKIM1; k=rsa; p=<the host's key>");
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.FAIL,
          a.describe(),
          expected,
          null,
          "could not look up " + name + ": " + f.reason());
    }
    List<String> records = a.values().stream().filter(v -> v.contains("p=")).toList();
    if (records.isEmpty()) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.FAIL,
          a.isVoid() ? "no record" : a.describe(),
          expected,
          fix,
          "no DKIM key at " + name + ": signed mail fails verification");
    }
    if (records.size() > 1) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.FAIL,
          records.size() + " records",
          expected,
          fix,
          "several DKIM key records at " + name + ": verification is unpredictable");
    }
    String value = records.get(0);
    List<String> errors = syntax(value);
    String found = abbreviateRecord(value);
    if (!errors.isEmpty()) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.FAIL,
          found,
          expected,
          fix,
          "invalid DKIM record: " + String.join("; ", errors));
    }
    if (hostKey instanceof HostKey.Unknown u) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.WARN,
          found,
          expected,
          null,
          "valid syntax, but the host's key could not be read (" + u.reason() + ")");
    }
    if (hostKey instanceof HostKey.Missing) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.WARN,
          found,
          expected,
          fix,
          "valid syntax, but the host has no DKIM key for "
              + domain
              + " yet ("
              + DkimKeySource.recordPath(domain, selector)
              + ")");
    }
    if (hostP.isEmpty()) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.WARN,
          found,
          expected,
          null,
          "valid syntax, but the host's record file has no p= to compare with");
    }
    if (!hostP.get().equals(publicKey(value).orElse(""))) {
      return new Check(
          Subject.of(domain, host),
          "dkim",
          Status.FAIL,
          found,
          expected,
          fix,
          "the published key is not the host's key: signatures will fail");
    }
    return new Check(
        Subject.of(domain, host),
        "dkim",
        Status.OK,
        found,
        expected,
        null,
        "published key matches the host's key");
  }

  /**
   * Why {@code server} does not answer with exactly one DKIM key record at {@code name} whose key
   * is {@code hostP}; empty when it does ({@code dkim rotate} switches only then).
   */
  public static Optional<String> notServing(
      DnsLookup server, String serverName, String name, String hostP) {
    DnsAnswer a = server.query(name, RecordType.TXT);
    if (a instanceof DnsAnswer.Failure f) {
      return Optional.of(serverName + " could not be asked for " + name + ": " + f.reason());
    }
    List<String> records = a.values().stream().filter(v -> v.contains("p=")).toList();
    if (records.size() != 1) {
      return Optional.of(
          serverName
              + " answers "
              + (records.isEmpty() ? "no DKIM record" : records.size() + " DKIM records")
              + " for "
              + name);
    }
    if (!publicKey(records.get(0)).orElse("").equals(hostP)) {
      return Optional.of(serverName + " answers another key for " + name);
    }
    return Optional.empty();
  }

  private static String abbreviate(String p) {
    return p.length() <= 24 ? p : p.substring(0, 12) + "..." + p.substring(p.length() - 8);
  }

  private static String abbreviateRecord(String value) {
    Optional<String> p = publicKey(value);
    return p.isEmpty() || p.get().length() <= 24
        ? value
        : value.replace(p.get(), abbreviate(p.get()));
  }
}
