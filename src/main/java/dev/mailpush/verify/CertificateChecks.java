package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Pure checks of a server certificate: name, trust, expiry. */
final class CertificateChecks {
  public static final int WARN_DAYS = 14;

  private CertificateChecks() {}

  /** The DNS names the certificate is valid for: its subjectAltName dNSNames, else its CN. */
  public static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // fall back to the CN
    }
    if (names.isEmpty()) {
      cn(cert).ifPresent(names::add);
    }
    return names;
  }

  private static Optional<String> cn(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // no CN
    }
    return Optional.empty();
  }

  /**
   * RFC 6125 matching: exact (case-insensitive), or a wildcard standing for the whole leftmost
   * label.
   */
  public static boolean matches(String pattern, String hostname) {
    String p = norm(pattern);
    String h = norm(hostname);
    if (p.equals(h)) {
      return true;
    }
    if (p.startsWith("*.") && p.indexOf('*', 1) < 0) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.substring(2).contains(".");
    }
    return false;
  }

  private static String norm(String s) {
    String n = s.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  public static Check name(String host, String prefix, X509Certificate leaf, String hostname) {
    List<String> names = names(leaf);
    boolean ok = names.stream().anyMatch(n -> matches(n, hostname));
    return new Check(
        Subject.host(host),
        prefix + "-cert-name",
        ok ? Status.OK : Status.FAIL,
        String.join(", ", names),
        hostname,
        ok
            ? null
            : "issue a certificate for " + hostname + " (mailpush certs, or [tls] mode = \"acme\")",
        ok ? "certificate is valid for " + hostname : "certificate is not valid for " + hostname);
  }

  public static Check trust(
      String host, String prefix, X509Certificate[] chain, String authType, Trust trust) {
    Optional<String> problem = trust.problem(chain, authType);
    String issuer = chain[chain.length - 1].getIssuerX500Principal().getName();
    if (problem.isEmpty()) {
      return new Check(
          Subject.host(host),
          prefix + "-cert-trust",
          Status.OK,
          "issuer " + issuer,
          "a trusted chain",
          null,
          "chain trusted (" + chain.length + " certificate" + (chain.length == 1 ? "" : "s") + ")");
    }
    boolean selfSigned =
        chain.length == 1
            && chain[0].getSubjectX500Principal().equals(chain[0].getIssuerX500Principal());
    return new Check(
        Subject.host(host),
        prefix + "-cert-trust",
        Status.FAIL,
        "issuer " + issuer,
        "a trusted chain",
        selfSigned
            ? "use a CA-issued certificate ([tls] mode = \"acme\"), or pass the CA with --ca-file"
            : "serve the full chain (fullchain.pem), or pass a private CA with --ca-file",
        (selfSigned ? "self-signed certificate, not trusted: " : "chain not trusted: ")
            + problem.get());
  }

  public static Check expiry(String host, String prefix, X509Certificate leaf, Instant now) {
    Instant notAfter = leaf.getNotAfter().toInstant();
    Instant notBefore = leaf.getNotBefore().toInstant();
    long days = Duration.between(now, notAfter).toDays();
    String found = "expires " + notAfter + " (" + days + " days)";
    String expected = "more than " + WARN_DAYS + " days left";
    if (now.isAfter(notAfter)) {
      return new Check(
          Subject.host(host),
          prefix + "-cert-expiry",
          Status.FAIL,
          found,
          expected,
          "renew the certificate: mailpush certs --force",
          "the certificate expired on " + notAfter);
    }
    if (now.isBefore(notBefore)) {
      return new Check(
          Subject.host(host),
          prefix + "-cert-expiry",
          Status.FAIL,
          "valid from " + notBefore,
          expected,
          "check the server's clock and the certificate",
          "the certificate is not valid yet");
    }
    if (days < WARN_DAYS) {
      return new Check(
          Subject.host(host),
          prefix + "-cert-expiry",
          Status.WARN,
          found,
          expected,
          "renew the certificate: mailpush certs",
          "the certificate expires in " + days + " days");
    }
    return new Check(
        Subject.host(host),
        prefix + "-cert-expiry",
        Status.OK,
        found,
        expected,
        null,
        "certificate valid for " + days + " more days");
  }
}
