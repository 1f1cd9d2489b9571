package dev.mailpush.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trusts exactly the certificates of a host's {@code /etc/mailpush/tls/fullchain.pem} (read from
 * the container): no trust-all anywhere. Raw clients also check the certificate names the host's
 * FQDN.
 */
final class HostTls {
  private final SSLContext context;
  private final String hostname;

  private HostTls(SSLContext context, String hostname) {
    this.context = context;
    this.hostname = hostname;
  }

  /**
   * {@code pem}: the host's fullchain.pem; {@code hostname}: the name its certificate must carry.
   */
  static HostTls trusting(String pem, String hostname) {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Collection<? extends Certificate> certs =
          cf.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certs.isEmpty()) {
        throw new IllegalStateException("no certificate in fullchain.pem: " + pem);
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("c" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return new HostTls(ctx, hostname);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + pem, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SSLSocketFactory socketFactory() {
    return context.getSocketFactory();
  }

  /**
   * Upgrades a connected plain socket (STARTTLS); verifies the chain and that it names the host.
   */
  SSLSocket upgrade(Socket plain) throws IOException {
    SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket(plain, hostname, plain.getPort(), true);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }
}
