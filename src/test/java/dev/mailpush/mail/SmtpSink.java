package dev.mailpush.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The "outside world" MX for tests: a small threaded SMTP server that accepts every message and
 * keeps its exact bytes (CRLF, dot-unstuffed), so a DKIM verifier sees what the wire carried. Bind
 * it where the containers reach it (the Docker bridge gateway), never on a public address.
 */
final class SmtpSink implements AutoCloseable {
  /** One received message: envelope and the raw DATA bytes. */
  record Received(String client, String mailFrom, List<String> rcptTo, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    /** The client's IP address, without the port. */
    String clientIp() {
      String c = client.startsWith("/") ? client.substring(1) : client;
      return c.substring(0, c.lastIndexOf(':'));
    }
  }

  private final ServerSocket server;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "smtp-sink");
            t.setDaemon(true);
            return t;
          });
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();

  private SmtpSink(ServerSocket server) {
    this.server = server;
    pool.submit(this::acceptLoop);
  }

  static SmtpSink start(String bindAddress) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
    return new SmtpSink(s);
  }

  int port() {
    return server.getLocalPort();
  }

  String address() {
    return server.getInetAddress().getHostAddress();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** Connections and commands seen, for assertion messages. */
  String log() {
    return String.join("\n", log);
  }

  /** Polls until a message matches, at most {@code timeout}. */
  Optional<Received> await(Predicate<Received> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (Received r : received) {
        if (match.test(r)) {
          return Optional.of(r);
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket c = server.accept();
        pool.submit(() -> session(c));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.add("accept failed: " + e);
        }
      }
    }
  }

  private void session(Socket c) {
    String client = c.getRemoteSocketAddress().toString();
    log.add("connect " + client);
    try (c) {
      c.setSoTimeout(120_000);
      InputStream in = c.getInputStream();
      OutputStream out = c.getOutputStream();
      reply(out, "220 sink.outside.test ESMTP test sink");
      String from = null;
      List<String> rcpt = new ArrayList<>();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        log.add(client + " C: " + line);
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO")) {
          reply(
              out,
              "250-sink.outside.test\r\n250-8BITMIME\r\n250-SIZE 52428800\r\n250 ENHANCEDSTATUSCODES");
        } else if (upper.startsWith("HELO")) {
          reply(out, "250 sink.outside.test");
        } else if (upper.startsWith("MAIL FROM:")) {
          from = path(line.substring(10));
          rcpt = new ArrayList<>();
          reply(out, "250 2.1.0 ok");
        } else if (upper.startsWith("RCPT TO:")) {
          rcpt.add(path(line.substring(8)));
          reply(out, "250 2.1.5 ok");
        } else if (upper.equals("DATA")) {
          if (from == null || rcpt.isEmpty()) {
            reply(out, "503 5.5.1 need MAIL and RCPT");
            continue;
          }
          reply(out, "354 go ahead");
          byte[] data = readData(in);
          received.add(new Received(client, from, List.copyOf(rcpt), data));
          log.add(client + " received " + data.length + " bytes from " + from + " to " + rcpt);
          from = null;
          rcpt = new ArrayList<>();
          reply(out, "250 2.0.0 queued in sink");
        } else if (upper.equals("RSET")) {
          from = null;
          rcpt = new ArrayList<>();
          reply(out, "250 2.0.0 ok");
        } else if (upper.equals("NOOP")) {
          reply(out, "250 2.0.0 ok");
        } else if (upper.equals("QUIT")) {
          reply(out, "221 2.0.0 bye");
          return;
        } else {
          reply(out, "502 5.5.2 not implemented");
        }
      }
    } catch (IOException e) {
      log.add(client + " error: " + e);
    }
  }

  private static String path(String arg) {
    String a = arg.strip();
    int lt = a.indexOf('<');
    int gt = a.indexOf('>');
    return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One line without its CRLF; null at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  /** The message up to the lone dot, lines kept with CRLF, leading dots unstuffed. */
  private static byte[] readData(InputStream in) throws IOException {
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    while (true) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.write(c);
      }
      if (c == -1) {
        throw new SocketException("connection closed inside DATA");
      }
      byte[] l = line.toByteArray();
      int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
      if (len == 1 && l[0] == '.') {
        return msg.toByteArray();
      }
      int from = len > 0 && l[0] == '.' ? 1 : 0;
      msg.write(l, from, len - from);
      msg.write('\r');
      msg.write('\n');
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    pool.shutdownNow();
  }
}
