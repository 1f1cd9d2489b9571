package dev.mailpush.verify;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A line-based TCP conversation (SMTP, IMAP, ManageSieve) that can be switched to TLS. */
final class Conversation implements AutoCloseable {
  private static final int MAX_LINE = 8192;
  private static final int MAX_REPLY_LINES = 200;

  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private Conversation(Socket socket) throws IOException {
    use(socket);
  }

  static Conversation open(String address, int port, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      return new Conversation(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Continues on another socket layered over this one (after a TLS handshake). */
  void use(Socket s) throws IOException {
    this.socket = s;
    this.in = s.getInputStream();
    this.out = s.getOutputStream();
  }

  Socket socket() {
    return socket;
  }

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          throw new EOFException("the server closed the connection");
        }
        break;
      }
      if (b == '\n') {
        break;
      }
      if (line.size() < MAX_LINE) {
        line.write(b);
      }
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  SmtpReply smtpReply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (lines.size() < MAX_REPLY_LINES) {
      String l = readLine();
      if (l.length() < 3 || !l.substring(0, 3).matches("\\d{3}")) {
        throw new IOException("not an SMTP reply: " + l);
      }
      lines.add(l.length() > 4 ? l.substring(4) : "");
      if (l.length() == 3 || l.charAt(3) == ' ') {
        return new SmtpReply(Integer.parseInt(l.substring(0, 3)), lines);
      }
    }
    throw new IOException("SMTP reply longer than " + MAX_REPLY_LINES + " lines");
  }

  SmtpReply command(String line) throws IOException {
    send(line);
    return smtpReply();
  }

  /**
   * Lines up to and including the one starting with {@code tag } (IMAP) or {@code OK}/{@code NO}
   * (Sieve).
   */
  List<String> until(java.util.function.Predicate<String> last) throws IOException {
    List<String> lines = new ArrayList<>();
    while (lines.size() < MAX_REPLY_LINES) {
      String l = readLine();
      lines.add(l);
      if (last.test(l)) {
        return lines;
      }
    }
    throw new IOException("reply longer than " + MAX_REPLY_LINES + " lines");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a probe connection: nothing left to do
    }
  }
}
