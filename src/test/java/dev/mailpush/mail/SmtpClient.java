package dev.mailpush.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A raw-socket SMTP client for tests: every reply code and line is visible (Jakarta Mail hides them
 * behind exceptions). Speaks EHLO, STARTTLS (trusting only the host's certificate), AUTH PLAIN,
 * MAIL, RCPT, DATA and QUIT; keeps a transcript for assertion messages.
 */
final class SmtpClient implements AutoCloseable {
  /** One SMTP reply: its code and every line's text (after the code and separator). */
  record Reply(int code, List<String> lines) {
    boolean positive() {
      return code >= 200 && code < 400;
    }

    String text() {
      return code + " " + String.join(" | ", lines);
    }

    @Override
    public String toString() {
      return text();
    }
  }

  private Socket socket;
  private BufferedReader in;
  private OutputStream out;
  private final StringBuilder transcript = new StringBuilder();
  private final Reply greeting;

  private SmtpClient(String host, int port, HostTls implicitTls) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(60_000);
    if (implicitTls != null) {
      socket = implicitTls.upgrade(socket);
      transcript.append("-- TLS established (implicit)\n");
    }
    streams();
    greeting = read();
  }

  static SmtpClient connect(int port) {
    try {
      return new SmtpClient("127.0.0.1", port, null);
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP connect to 127.0.0.1:" + port, e);
    }
  }

  /** Port 465: TLS from the first byte (certificate and name checked), then the greeting. */
  static SmtpClient connectTls(int port, HostTls tls) {
    try {
      return new SmtpClient("127.0.0.1", port, tls);
    } catch (IOException e) {
      throw new UncheckedIOException("SMTPS connect to 127.0.0.1:" + port, e);
    }
  }

  private void streams() throws IOException {
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
  }

  Reply greeting() {
    return greeting;
  }

  String transcript() {
    return transcript.toString();
  }

  Reply command(String line) {
    try {
      transcript.append("C: ").append(line.startsWith("AUTH ") ? "AUTH ***" : line).append('\n');
      out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP " + line + "\n" + transcript, e);
    }
  }

  Reply ehlo(String name) {
    return command("EHLO " + name);
  }

  /** STARTTLS, the handshake, and a fresh EHLO (whose reply is returned). */
  Reply starttls(HostTls tls, String ehloName) {
    Reply r = command("STARTTLS");
    if (r.code() != 220) {
      throw new AssertionError("STARTTLS refused: " + r + "\n" + transcript);
    }
    return upgradeAndEhlo(tls, ehloName);
  }

  /** After a positive STARTTLS reply: the handshake and a fresh EHLO (whose reply is returned). */
  Reply upgradeAndEhlo(HostTls tls, String ehloName) {
    try {
      socket = tls.upgrade(socket);
      streams();
    } catch (IOException e) {
      throw new UncheckedIOException("TLS handshake\n" + transcript, e);
    }
    transcript.append("-- TLS established\n");
    return ehlo(ehloName);
  }

  Reply authPlain(String user, String password) {
    String token =
        Base64.getEncoder()
            .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return command("AUTH PLAIN " + token);
  }

  Reply mailFrom(String address) {
    return command("MAIL FROM:<" + address + ">");
  }

  /** MAIL FROM with ESMTP parameters, e.g. {@code RET=HDRS}. */
  Reply mailFrom(String address, String parameters) {
    return command("MAIL FROM:<" + address + "> " + parameters);
  }

  Reply rcptTo(String address) {
    return command("RCPT TO:<" + address + ">");
  }

  /** RCPT TO with ESMTP parameters, e.g. {@code NOTIFY=SUCCESS}. */
  Reply rcptTo(String address, String parameters) {
    return command("RCPT TO:<" + address + "> " + parameters);
  }

  /**
   * Writes bytes exactly as given, with no line-end translation or dot-stuffing (an attacker's
   * client), and reads nothing: follow with {@link #replies}.
   */
  void raw(String bytes) {
    try {
      transcript
          .append("C(raw): ")
          .append(bytes.replace("\r", "<CR>").replace("\n", "<LF>\n"))
          .append('\n');
      out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP raw write\n" + transcript, e);
    }
  }

  /** Every reply the server sends until it is quiet for {@code quiet} or closes the connection. */
  List<Reply> replies(java.time.Duration quiet) {
    List<Reply> all = new ArrayList<>();
    try {
      socket.setSoTimeout((int) quiet.toMillis());
      while (true) {
        all.add(read());
      }
    } catch (java.net.SocketTimeoutException e) {
      return all;
    } catch (IOException e) {
      transcript
          .append("-- ")
          .append(e.getMessage().lines().findFirst().orElse("closed"))
          .append('\n');
      return all;
    } finally {
      try {
        if (!socket.isClosed()) {
          socket.setSoTimeout(60_000);
        }
      } catch (IOException ignored) {
        // closed meanwhile
      }
    }
  }

  /**
   * DATA, the message (CRLF line ends, dot-stuffed here) and the final dot; returns the final
   * reply.
   */
  Reply data(String message) {
    Reply r = command("DATA");
    if (r.code() != 354) {
      return r;
    }
    StringBuilder body = new StringBuilder();
    for (String line : message.replace("\r\n", "\n").split("\n", -1)) {
      body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    body.append(".\r\n");
    try {
      transcript.append("C: <message, ").append(body.length()).append(" bytes>\n");
      out.write(body.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("SMTP DATA\n" + transcript, e);
    }
  }

  private Reply read() throws IOException {
    List<String> lines = new ArrayList<>();
    int code;
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed by server\n" + transcript);
      }
      transcript.append("S: ").append(line).append('\n');
      if (line.length() < 3) {
        throw new IOException("bad SMTP reply line: " + line);
      }
      code = Integer.parseInt(line.substring(0, 3));
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new Reply(code, List.copyOf(lines));
      }
    }
  }

  @Override
  public void close() {
    try {
      if (!socket.isClosed()) {
        try {
          command("QUIT");
        } catch (RuntimeException ignored) {
          // already gone
        }
        socket.close();
      }
    } catch (IOException ignored) {
      // closing
    }
  }
}
