package dev.mailpush.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider (any https directory URL) whose HTTP client trusts the JRE's CAs, or,
 * when {@code acme_ca_cert} is set, only the CA certificates of that PEM file (a private or test CA
 * such as Pebble). acme4j 4 builds its {@link HttpClient} through {@code
 * AcmeProvider.createHttpClient}, so this is where the {@link SSLContext} goes; the session gets
 * the provider through {@code new Session(uri, provider)}.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {
  private final Optional<SSLContext> ssl;

  TrustingAcmeProvider(Optional<SSLContext> ssl) {
    this.ssl = ssl;
  }

  static TrustingAcmeProvider trusting(Optional<Path> caCertPem) {
    return new TrustingAcmeProvider(caCertPem.map(TrustingAcmeProvider::sslContext));
  }

  @Override
  public HttpClient createHttpClient(NetworkSettings settings) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(settings.getTimeout())
            .proxy(settings.getProxySelector());
    if (settings.getAuthenticator() != null) {
      b.authenticator(settings.getAuthenticator());
    }
    ssl.ifPresent(b::sslContext);
    return b.build();
  }

  static SSLContext sslContext(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new AcmeFailure(
            "acme_ca_cert " + pem + " holds no certificate",
            "give the PEM file of the CA that signed the ACME server's HTTPS certificate");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new AcmeFailure(
          "cannot read acme_ca_cert " + pem + ": " + e.getMessage(),
          "give a readable PEM file with the CA certificate(s) the ACME server's HTTPS certificate chains to",
          e);
    }
  }
}
