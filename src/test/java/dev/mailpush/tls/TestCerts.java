package dev.mailpush.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made in tests with Bouncy Castle: a CA, leaves it signs, self-signed ones. */
public final class TestCerts {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestCerts() {}

  public record Issued(X509Certificate cert, KeyPair key) {}

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Issued ca(String cn) {
    KeyPair kp = rsa();
    return new Issued(
        build(
            new X500Name("CN=" + cn),
            new X500Name("CN=" + cn),
            kp.getPublic(),
            kp,
            Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(86400L * 3650),
            List.of(),
            List.of(),
            true),
        kp);
  }

  static Issued selfSigned(String hostname, Instant notAfter) {
    KeyPair kp = rsa();
    return new Issued(
        build(
            new X500Name("CN=" + hostname),
            new X500Name("CN=" + hostname),
            kp.getPublic(),
            kp,
            Instant.now().minusSeconds(60),
            notAfter,
            List.of(hostname),
            List.of(),
            false),
        kp);
  }

  /** A leaf for DNS names (and IP addresses), signed by {@code ca}. */
  public static Issued leaf(
      Issued ca, List<String> dnsNames, List<String> ips, Instant notBefore, Instant notAfter) {
    KeyPair kp = rsa();
    String cn = dnsNames.isEmpty() ? ips.get(0) : dnsNames.get(0);
    return new Issued(
        build(
            new X500Name("CN=" + cn),
            new X500Name(ca.cert().getSubjectX500Principal().getName()),
            kp.getPublic(),
            ca.key(),
            notBefore,
            notAfter,
            dnsNames,
            ips,
            false),
        kp);
  }

  private static X509Certificate build(
      X500Name subject,
      X500Name issuer,
      java.security.PublicKey pub,
      KeyPair signer,
      Instant from,
      Instant to,
      List<String> dns,
      List<String> ips,
      boolean isCa) {
    try {
      var b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(to),
              subject,
              pub);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!dns.isEmpty() || !ips.isEmpty()) {
        GeneralName[] names = new GeneralName[dns.size() + ips.size()];
        int i = 0;
        for (String d : dns) {
          names[i++] = new GeneralName(GeneralName.dNSName, d);
        }
        for (String ip : ips) {
          names[i++] = new GeneralName(GeneralName.iPAddress, ip);
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      var signerOp = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(b.build(signerOp));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(X509Certificate... certs) {
    return PendingKey.pem(List.of(certs));
  }

  public static String keyPem(KeyPair kp) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
