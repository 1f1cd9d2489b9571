package dev.mailpush.verify;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Small SMTP/IMAP/ManageSieve servers on 127.0.0.1 whose policy the test chooses, so that every
 * verify check has a passing and a failing case without Docker.
 */
final class FakeMailServer implements AutoCloseable {

  /** What the server does; the defaults are a correct server. */
  static final class Policy {
    String banner = "mail.verify.test";
    boolean starttls = true;
    boolean authBeforeTls;
    boolean openRelay;
    boolean loginDisabled = true;

    /**
     * Answer any ClientHello with a TLS 1.0 ServerHello instead of doing TLS (implicit-TLS ports
     * only).
     */
    boolean legacyServerHello;

    /**
     * The SIZE advertised in EHLO (Postfix's default 10240000 is what a server without mailpush's
     * says).
     */
    long size = VerifierTest.MAX_MESSAGE_BYTES;
  }

  private final List<ServerSocket> sockets = new ArrayList<>();
  private final SSLContext tls;
  private final Policy policy;

  FakeMailServer(SSLContext tls, Policy policy) {
    this.tls = tls;
    this.policy = policy;
  }

  /** Starts a listener for the endpoint; returns its port. */
  int listen(Endpoint e) throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    ServerSocket ss =
        e.implicitTls() && !policy.legacyServerHello
            ? tls.getServerSocketFactory().createServerSocket(0, 50, lo)
            : new ServerSocket(0, 50, lo);
    if (ss instanceof SSLServerSocket s) {
      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    }
    sockets.add(ss);
    Thread t = new Thread(() -> accept(ss, e), "fake-" + e.name());
    t.setDaemon(true);
    t.start();
    return ss.getLocalPort();
  }

  private void accept(ServerSocket ss, Endpoint e) {
    while (!ss.isClosed()) {
      try {
        Socket s = ss.accept();
        Thread t = new Thread(() -> serve(s, e));
        t.setDaemon(true);
        t.start();
      } catch (IOException ex) {
        return;
      }
    }
  }

  private void serve(Socket s, Endpoint e) {
    try (s) {
      s.setSoTimeout(10_000);
      if (e.implicitTls() && policy.legacyServerHello) {
        legacyHello(s);
        return;
      }
      Conn c = new Conn(s);
      boolean secure = e.implicitTls();
      switch (e.protocol()) {
        case SMTP -> smtp(c, secure);
        case IMAP -> imap(c, secure);
        case SIEVE -> sieve(c);
      }
    } catch (IOException ex) {
      // the client went away
    }
  }

  private void smtp(Conn c, boolean secure) throws IOException {
    c.send("220 " + policy.banner + " ESMTP fake");
    while (true) {
      String line = c.readLine();
      if (line == null) {
        return;
      }
      String cmd = line.toUpperCase(Locale.ROOT);
      if (cmd.startsWith("EHLO")) {
        List<String> ext = new ArrayList<>(List.of(policy.banner));
        if (!secure && policy.starttls) {
          ext.add("STARTTLS");
        }
        if (secure || policy.authBeforeTls) {
          ext.add("AUTH PLAIN LOGIN");
        }
        ext.add("SIZE " + policy.size);
        ext.add("8BITMIME");
        for (int i = 0; i < ext.size(); i++) {
          c.send("250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i));
        }
      } else if (cmd.equals("STARTTLS") && !secure && policy.starttls) {
        c.send("220 2.0.0 Ready to start TLS");
        c.upgrade(tls);
        secure = true;
      } else if (cmd.startsWith("MAIL FROM")) {
        c.send("250 2.1.0 Ok");
      } else if (cmd.startsWith("RCPT TO")) {
        c.send(policy.openRelay ? "250 2.1.5 Ok" : "554 5.7.1 Relay access denied");
      } else if (cmd.equals("RSET")) {
        c.send("250 2.0.0 Ok");
      } else if (cmd.equals("QUIT")) {
        c.send("221 2.0.0 Bye");
        return;
      } else {
        c.send("502 5.5.2 Error: command not recognized");
      }
    }
  }

  private void imap(Conn c, boolean secure) throws IOException {
    c.send("* OK fake IMAP ready");
    while (true) {
      String line = c.readLine();
      if (line == null) {
        return;
      }
      String[] p = line.split(" ", 2);
      String cmd = p.length > 1 ? p[1].toUpperCase(Locale.ROOT) : "";
      if (cmd.equals("CAPABILITY")) {
        StringBuilder caps = new StringBuilder("* CAPABILITY IMAP4rev1");
        if (!secure) {
          caps.append(policy.starttls ? " STARTTLS" : "")
              .append(policy.loginDisabled ? " LOGINDISABLED" : " AUTH=PLAIN");
        } else {
          caps.append(" AUTH=PLAIN");
        }
        c.send(caps.toString());
        c.send(p[0] + " OK done");
      } else if (cmd.equals("STARTTLS") && !secure && policy.starttls) {
        c.send(p[0] + " OK Begin TLS negotiation now");
        c.upgrade(tls);
        secure = true;
      } else if (cmd.equals("LOGOUT")) {
        c.send("* BYE");
        c.send(p[0] + " OK");
        return;
      } else {
        c.send(p[0] + " BAD unknown");
      }
    }
  }

  private void sieve(Conn c) throws IOException {
    c.send("\"IMPLEMENTATION\" \"fake\"");
    if (policy.starttls) {
      c.send("\"STARTTLS\"");
    }
    c.send("OK \"ready\"");
    String line = c.readLine();
    if (line != null && line.equalsIgnoreCase("STARTTLS") && policy.starttls) {
      c.send("OK \"Begin TLS negotiation now.\"");
      c.upgrade(tls);
      c.send("\"IMPLEMENTATION\" \"fake\"");
      c.send("OK \"TLS\"");
      c.readLine();
    }
  }

  /**
   * Reads the ClientHello record and answers with a TLS 1.0 ServerHello: what an old server does.
   */
  static void legacyHello(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] header = new byte[5];
    in.readFully(header);
    in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(1);
    body.writeBytes(new byte[32]);
    body.write(0);
    body.write(0xC0);
    body.write(0x13);
    body.write(0);
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.write(22);
    rec.write(3);
    rec.write(1);
    int hsLen = body.size() + 4;
    rec.write(hsLen >> 8);
    rec.write(hsLen & 0xff);
    rec.write(2);
    rec.write(0);
    rec.write(body.size() >> 8);
    rec.write(body.size() & 0xff);
    rec.writeBytes(body.toByteArray());
    s.getOutputStream().write(rec.toByteArray());
    s.getOutputStream().flush();
  }

  /** A connection that reads lines byte by byte (nothing buffered across STARTTLS). */
  private static final class Conn {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Conn(Socket s) throws IOException {
      set(s);
    }

    private void set(Socket s) throws IOException {
      socket = s;
      in = s.getInputStream();
      out = s.getOutputStream();
    }

    void upgrade(SSLContext ctx) throws IOException {
      SSLSocket ssl =
          (SSLSocket) ctx.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
      ssl.setUseClientMode(false);
      ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      ssl.startHandshake();
      set(ssl);
    }

    String readLine() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        b.write(c);
      }
      if (c < 0 && b.size() == 0) {
        return null;
      }
      return b.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
    }

    void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  @Override
  public void close() {
    for (ServerSocket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
