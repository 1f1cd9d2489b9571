package dev.mailpush.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * What matters about a host's current certificate (the first one of {@code fullchain.pem}) for
 * deciding whether to renew it.
 *
 * @param dnsNames the subjectAltName DNS names (lower case)
 * @param selfSigned issuer equals subject and the certificate verifies with its own key
 * @param chainLength how many certificates the file holds (leaf plus chain)
 */
record CertificateInfo(
    String subject,
    String issuer,
    List<String> dnsNames,
    Instant notBefore,
    Instant notAfter,
    boolean selfSigned,
    int chainLength) {

  public CertificateInfo {
    dnsNames = List.copyOf(dnsNames);
  }

  /** Parses PEM (or DER) bytes; empty when they hold no readable X.509 certificate. */
  public static Optional<CertificateInfo> parse(byte[] bytes) {
    try {
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty() || !(certs.iterator().next() instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return Optional.of(of(leaf, certs.size()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static CertificateInfo of(X509Certificate leaf, int chainLength) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // No readable SAN: the certificate covers no name, which forces a renewal.
    }
    X500Principal subject = leaf.getSubjectX500Principal();
    X500Principal issuer = leaf.getIssuerX500Principal();
    boolean selfSigned = false;
    if (subject.equals(issuer)) {
      try {
        leaf.verify(leaf.getPublicKey());
        selfSigned = true;
      } catch (GeneralSecurityException e) {
        selfSigned = false;
      }
    }
    return new CertificateInfo(
        subject.getName(),
        issuer.getName(),
        names,
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        selfSigned,
        chainLength);
  }

  /**
   * Whether a DNS name of the certificate matches {@code hostname} (exactly, or by a one-label
   * wildcard).
   */
  public boolean covers(String hostname) {
    String h = hostname.toLowerCase(Locale.ROOT);
    for (String n : dnsNames) {
      if (n.equals(h)) {
        return true;
      }
      if (n.startsWith("*.")
          && h.indexOf('.') > 0
          && h.substring(h.indexOf('.') + 1).equals(n.substring(2))) {
        return true;
      }
    }
    return false;
  }
}
