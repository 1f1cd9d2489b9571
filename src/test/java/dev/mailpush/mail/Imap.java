package dev.mailpush.mail;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * IMAP for tests: Jakarta Mail over IMAPS (993) for mailboxes, and a raw line client for port 143.
 */
final class Imap {
  private Imap() {}

  /** A delivered message: the folder it was found in, its raw bytes and headers. */
  record Found(String folder, String raw, MimeMessage message) {
    String header(String name) {
      try {
        String[] v = message.getHeader(name);
        return v == null ? null : String.join("\n", v);
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Session imapsSession(HostTls tls) {
    Properties p = new Properties();
    p.put("mail.imaps.ssl.socketFactory", tls.socketFactory());
    // The chain is trusted exactly (the host's fullchain.pem); the raw clients check its name.
    p.put("mail.imaps.ssl.checkserveridentity", "false");
    p.put("mail.imaps.connectiontimeout", "5000");
    p.put("mail.imaps.timeout", "20000");
    return Session.getInstance(p);
  }

  static Store login(HostTls tls, int port, String user, String password)
      throws MessagingException {
    Store store = imapsSession(tls).getStore("imaps");
    store.connect("127.0.0.1", port, user, password);
    return store;
  }

  static Optional<Found> find(Store store, String folderName, String token) throws Exception {
    return find(store, folderName, subject -> subject.contains(token), raw -> true);
  }

  /**
   * The first message of the folder whose subject passes {@code subject} and whose raw text then
   * passes {@code raw} (only messages with a matching subject are fetched whole).
   */
  static Optional<Found> find(
      Store store,
      String folderName,
      java.util.function.Predicate<String> subject,
      java.util.function.Predicate<String> raw)
      throws Exception {
    Folder folder = store.getFolder(folderName);
    if (!folder.exists()) {
      return Optional.empty();
    }
    folder.open(Folder.READ_ONLY);
    try {
      for (Message m : folder.getMessages()) {
        String s = m.getSubject();
        if (s == null || !subject.test(s)) {
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.writeTo(bytes);
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (raw.test(text)) {
          return Optional.of(new Found(folderName, text, new MimeMessage((MimeMessage) m)));
        }
      }
      return Optional.empty();
    } finally {
      folder.close(false);
    }
  }

  /**
   * Every folder (and where a token was found): for assertion messages when mail went elsewhere.
   */
  static String whereIs(HostTls tls, int port, String user, String password, String token) {
    try (Store store = login(tls, port, user, password)) {
      List<String> out = new ArrayList<>();
      for (Folder f : store.getDefaultFolder().list("*")) {
        boolean hit = find(store, f.getFullName(), token).isPresent();
        out.add(f.getFullName() + (hit ? " (has it)" : ""));
      }
      return "folders of " + user + ": " + out;
    } catch (Exception e) {
      return "cannot list folders: " + e;
    }
  }

  /** A raw IMAP connection (port 143): tagged commands, untagged lines collected. */
  static final class Raw implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private int tag;
    private final String greeting;
    private final StringBuilder transcript = new StringBuilder();

    Raw(int port) {
      try {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        streams();
        greeting = in.readLine();
        transcript.append("S: ").append(greeting).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("IMAP connect to port " + port, e);
      }
    }

    private void streams() throws IOException {
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    String greeting() {
      return greeting;
    }

    String transcript() {
      return transcript.toString();
    }

    /** Sends a command; returns every line up to and including the tagged completion. */
    List<String> command(String cmd) {
      String t = "a" + ++tag;
      try {
        transcript
            .append("C: ")
            .append(t)
            .append(' ')
            .append(cmd.startsWith("LOGIN") ? "LOGIN ***" : cmd)
            .append('\n');
        out.write((t + " " + cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        while (true) {
          String line = in.readLine();
          if (line == null) {
            lines.add("<connection closed>");
            transcript.append("S: <connection closed>\n");
            return lines;
          }
          transcript.append("S: ").append(line).append('\n');
          lines.add(line);
          if (line.startsWith(t + " ")) {
            return lines;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("IMAP " + cmd + "\n" + transcript, e);
      }
    }

    /** The tagged completion line of the last command's output. */
    static String status(List<String> lines) {
      return lines.get(lines.size() - 1);
    }

    void starttls(HostTls tls) {
      List<String> r = command("STARTTLS");
      if (!status(r).contains(" OK")) {
        throw new AssertionError("STARTTLS refused: " + r);
      }
      try {
        socket = tls.upgrade(socket);
        streams();
      } catch (IOException e) {
        throw new UncheckedIOException("TLS handshake\n" + transcript, e);
      }
      transcript.append("-- TLS established\n");
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
