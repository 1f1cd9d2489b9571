package dev.mailpush.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTPS GET as a sender fetching an MTA-STS policy or a mail client fetching its settings makes
 * it: TLS 1.2+ with the name as SNI, the certificate valid for that name and trusted, then the
 * answer. It connects to a given address (verify's {@code --connect}, a port map), so the name need
 * not resolve on the admin machine.
 */
final class HttpsGet {
  /** Policies and settings files are small: more than this is not what mailpush serves. */
  static final int MAX_BYTES = 64 * 1024;

  /** How a fetch ended. */
  sealed interface Result {
    /** No TLS connection, or a certificate a client would refuse. */
    record Refused(String reason, boolean certificate) implements Result {}

    record Answered(int status, String body) implements Result {}
  }

  private final Trust trust;
  private final Duration timeout;

  HttpsGet(Trust trust, Duration timeout) {
    this.trust = trust;
    this.timeout = timeout;
  }

  Result get(String address, int port, String name, String path) {
    int ms = (int) timeout.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), ms);
      plain.setSoTimeout(ms);
      TlsClient.Outcome o = TlsClient.handshake(plain, name, port);
      if (o instanceof TlsClient.Outcome.Failed f) {
        return new Result.Refused("TLS handshake failed: " + f.reason(), false);
      }
      TlsClient.Outcome.Negotiated n = (TlsClient.Outcome.Negotiated) o;
      try (Socket tls = n.socket()) {
        Optional<String> problem = certificateProblem(n.chain(), n.authType(), name);
        if (problem.isPresent()) {
          return new Result.Refused(problem.get(), true);
        }
        OutputStream out = tls.getOutputStream();
        out.write(
            ("GET " + path + " HTTP/1.1\r\nHost: " + name + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return parse(readAll(tls.getInputStream()));
      }
    } catch (IOException e) {
      return new Result.Refused(
          "no connection to " + address + ":" + port + ": " + e.getMessage(), false);
    }
  }

  private Optional<String> certificateProblem(
      X509Certificate[] chain, String authType, String name) {
    if (CertificateChecks.names(chain[0]).stream()
        .noneMatch(n -> CertificateChecks.matches(n, name))) {
      return Optional.of(
          "the certificate names " + CertificateChecks.names(chain[0]) + ", not " + name);
    }
    return trust.problem(chain, authType).map(p -> "the certificate is not trusted: " + p);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      b.write(buf, 0, n);
      if (b.size() > MAX_BYTES) {
        throw new IOException("the answer is larger than " + MAX_BYTES + " bytes");
      }
    }
    return b.toByteArray();
  }

  /** Status line and body of an HTTP/1.x answer (nginx sends static files with Content-Length). */
  static Result parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new IOException("not an HTTP answer");
    }
    String[] status = text.substring(0, text.indexOf("\r\n")).split(" ", 3);
    try {
      return new Result.Answered(Integer.parseInt(status[1]), text.substring(end + 4));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IOException("bad HTTP status line");
    }
  }
}
