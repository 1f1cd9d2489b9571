package dev.mailpush.verify;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS 1.2/1.3 handshake that records the server's chain instead of judging it, so name, trust and
 * expiry are reported as separate checks ({@link CertificateChecks}). Nothing secret is ever sent
 * over such a connection: verify never authenticates.
 */
final class TlsClient {
  static final String[] MODERN = {"TLSv1.3", "TLSv1.2"};

  /** How a handshake ended. */
  sealed interface Outcome {
    record Negotiated(
        String protocol, String cipher, X509Certificate[] chain, String authType, SSLSocket socket)
        implements Outcome {}

    record Failed(String reason) implements Outcome {}
  }

  private TlsClient() {}

  static Outcome handshake(Socket plain, String sniName, int port) {
    Capture capture = new Capture();
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {capture}, new SecureRandom());
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, sniName, port, true);
      SSLParameters p = s.getSSLParameters();
      p.setProtocols(MODERN);
      if (sniName.contains(".") && !sniName.matches("[0-9.]+") && !sniName.contains(":")) {
        p.setServerNames(List.of(new SNIHostName(sniName)));
      }
      s.setSSLParameters(p);
      s.startHandshake();
      X509Certificate[] chain = capture.chain;
      if (chain == null || chain.length == 0) {
        return new Outcome.Failed("the server sent no certificate");
      }
      return new Outcome.Negotiated(
          s.getSession().getProtocol(),
          s.getSession().getCipherSuite(),
          chain,
          capture.authType,
          s);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return new Outcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Remembers the chain; accepts anything (judged afterwards). */
  private static final class Capture extends X509ExtendedTrustManager {
    volatile X509Certificate[] chain;
    volatile String authType = "UNKNOWN";

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {
      chain = c.clone();
      authType = a;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, Socket socket) {
      checkServerTrusted(c, a);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine engine) {
      checkServerTrusted(c, a);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
