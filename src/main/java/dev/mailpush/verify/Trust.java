package dev.mailpush.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Who may vouch for a server certificate: the system trust store, plus optional extra CAs from a
 * PEM file.
 */
public final class Trust {
  private final List<X509TrustManager> managers;

  private Trust(List<X509TrustManager> managers) {
    this.managers = List.copyOf(managers);
  }

  /** The JRE's default trust store (cacerts). */
  public static Trust system() {
    return new Trust(List.of(manager(null)));
  }

  /** The system trust store and the certificates of a PEM file (a private or test CA). */
  public static Trust systemPlus(Path pem) throws IOException {
    List<X509TrustManager> ms = new ArrayList<>();
    ms.add(manager(null));
    ms.add(only(pem));
    return new Trust(ms);
  }

  /** Only the certificates of a PEM file (tests). */
  public static Trust pemOnly(Path pem) throws IOException {
    return new Trust(List.of(only(pem)));
  }

  private static X509TrustManager only(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException(pem + " holds no PEM certificate");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      return manager(ks);
    } catch (CertificateException e) {
      throw new IOException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use " + pem + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager manager(KeyStore ks) {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(ks);
      for (TrustManager m : f.getTrustManagers()) {
        if (m instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("trust store: " + e.getMessage(), e);
    }
  }

  /** Why the chain is not trusted, or empty when one of the trust stores accepts it. */
  public Optional<String> problem(X509Certificate[] chain, String authType) {
    String last = "no trust store";
    for (X509TrustManager m : managers) {
      try {
        m.checkServerTrusted(chain, authType);
        return Optional.empty();
      } catch (CertificateException e) {
        last = e.getMessage();
      }
    }
    return Optional.of(last);
  }
}
