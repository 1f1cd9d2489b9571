package dev.mailpush.tls;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The host's side of one order: a new private key at {@link HostScripts#PENDING_KEY}, made on the
 * host with its certificate request so that it never leaves it, then either installed with the
 * issued chain or discarded. Every step is one of {@link HostScripts} run as root.
 */
final class PendingKey {
  private final HostSession session;
  private final String hostname;
  private final List<String> names;

  /** {@code names}: the host's name first (the subject), then the certificate's other names. */
  PendingKey(HostSession session, List<String> names) {
    this.session = session;
    this.hostname = names.get(0);
    this.names = List.copyOf(names);
  }

  /**
   * Makes the key (a copy of {@code source}, or a new one) and returns its CSR (DER), checked to
   * ask for exactly the host's name.
   */
  byte[] makeCsr(Optional<String> source) {
    ExecResult r =
        session.exec(
            ExecRequest.root(
                List.of(
                    "sh",
                    "-c",
                    HostScripts.MAKE_CSR,
                    "sh",
                    hostname,
                    HostScripts.PENDING_KEY,
                    String.join(",", names.stream().map(n -> "DNS:" + n).toList()),
                    source.orElse(""))));
    if (!r.succeeded()) {
      throw new AcmeFailure(
          "the host could not make a key and certificate request: " + r.stderrText().strip(),
          "openssl (1.1.1 or later) must be installed on the host");
    }
    try (PEMParser parser = new PEMParser(new StringReader(r.stdoutText()))) {
      Object o = parser.readObject();
      if (!(o instanceof PKCS10CertificationRequest csr)) {
        throw new AcmeFailure("the host's openssl printed no certificate request", "");
      }
      checkCsr(csr);
      return csr.getEncoded();
    } catch (IOException e) {
      throw new AcmeFailure(
          "the host's certificate request cannot be read: " + e.getMessage(), "", e);
    }
  }

  /** The CSR must ask for exactly the certificate's names: it is what the CA signs. */
  private void checkCsr(PKCS10CertificationRequest csr) {
    var cn = csr.getSubject().getRDNs(BCStyle.CN);
    boolean cnOk =
        cn.length == 1
            && hostname.equals(cn[0].getFirst().getValue().toString().toLowerCase(Locale.ROOT));
    List<String> sans = new ArrayList<>();
    for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions ext = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
      if (names != null) {
        for (GeneralName n : names.getNames()) {
          if (n.getTagNo() == GeneralName.dNSName) {
            sans.add(n.getName().toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    if (!cnOk || !sans.equals(names)) {
      throw new AcmeFailure(
          "the host's certificate request names " + sans + " instead of " + names, "");
    }
  }

  /** Puts the key and {@code chain} in place together; the old pair stays if this fails. */
  void install(List<X509Certificate> chain) {
    String chainPem = pem(chain);
    ExecResult r =
        session.exec(
            ExecRequest.root(
                List.of(
                    "sh",
                    "-c",
                    HostScripts.INSTALL,
                    "sh",
                    HostScripts.PENDING_KEY,
                    HostScripts.FULLCHAIN,
                    HostScripts.PRIVKEY),
                chainPem.getBytes(StandardCharsets.US_ASCII)));
    if (!r.succeeded()) {
      throw new AcmeFailure(
          "installing the new certificate failed (the old one is still in place): "
              + r.stderrText().strip(),
          "");
    }
  }

  /**
   * Makes the next key ({@link HostScripts#NEXT_KEY}) when there is none, or anew with {@code
   * replace} (the order used it).
   */
  void makeNextKey(boolean replace) {
    ExecResult r = session.exec(nextKey(replace));
    if (!r.succeeded()) {
      throw new AcmeFailure(
          "the certificate is installed, but the host could not make its next key: "
              + r.stderrText().strip(),
          "run mailpush certs again: it makes the next key when it is missing");
    }
  }

  /** The command that makes the next key (see {@link HostScripts#MAKE_NEXT_KEY}). */
  static ExecRequest nextKey(boolean replace) {
    return ExecRequest.root(
        List.of(
            "sh",
            "-c",
            HostScripts.MAKE_NEXT_KEY,
            "sh",
            HostScripts.NEXT_KEY,
            replace ? "replace" : ""));
  }

  /**
   * Removes the key of an order that did not complete; a failure to do so never hides the cause (it
   * is added to it as suppressed), and is thrown only when there was none.
   */
  void discard(RuntimeException cause) {
    try {
      session.exec(
          ExecRequest.root(
              List.of("sh", "-c", HostScripts.DISCARD_PENDING_KEY, "sh", HostScripts.PENDING_KEY)));
    } catch (RuntimeException e) {
      if (cause == null) {
        throw e;
      }
      cause.addSuppressed(e);
    }
  }

  /** PEM of the chain, leaf first: what fullchain.pem holds. */
  static String pem(List<X509Certificate> chain) {
    StringBuilder s = new StringBuilder();
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    try {
      for (X509Certificate c : chain) {
        s.append("-----BEGIN CERTIFICATE-----\n")
            .append(b64.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return s.toString();
  }
}
