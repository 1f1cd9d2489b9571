package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.testhosts.TargetHost;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One deployed mail host of an end-to-end test, and what a real client does with it: send on port
 * 25 as another server would, submit on 587 as a logged-in user, and wait for a message over IMAPS.
 * Failures carry the SMTP transcript, the folders and the host's queue and journal.
 */
final class Mx {
  static final Duration DELIVERY = Duration.ofSeconds(90);

  private final String suite;
  private final String name;
  private final String hostname;
  private final TargetHost host;
  private volatile HostTls tls;

  Mx(String suite, String name, String hostname, TargetHost host) {
    this.suite = suite;
    this.name = name;
    this.hostname = hostname;
    this.host = host;
  }

  String suite() {
    return suite;
  }

  /** The host's name in the inventory ({@code [hosts.NAME]}). */
  String name() {
    return name;
  }

  String hostname() {
    return hostname;
  }

  TargetHost host() {
    return host;
  }

  /** Where a container port is published on 127.0.0.1. */
  int port(int containerPort) {
    return host.mappedPort(containerPort);
  }

  /** Runs a shell script as root on the host; its standard output. */
  String sh(String script) {
    return host.exec("sh", "-c", script).stdout();
  }

  /** The host's address on the Docker bridge, where the other hosts of a test reach it. */
  String address() {
    return sh("hostname -I").strip().split("\\s+")[0];
  }

  /** Trusts exactly the host's fullchain.pem (read over docker exec once it exists). */
  HostTls tls() {
    HostTls t = tls;
    if (t == null) {
      var pem = host.exec("cat", "/etc/mailpush/tls/fullchain.pem");
      if (pem.exitCode() != 0) {
        throw new AssertionError(
            "no /etc/mailpush/tls/fullchain.pem on " + suite + ": " + pem.stderr());
      }
      t = HostTls.trusting(pem.stdout(), hostname);
      tls = t;
    }
    return t;
  }

  /** Port 25 as another mail server: EHLO client.outside.test, one message, each reply asserted. */
  void sendOn25(String from, String to, String subject, String body) {
    try (SmtpClient c = SmtpClient.connect(port(25))) {
      assertThat(c.greeting().code()).as(c.transcript()).isEqualTo(220);
      assertThat(c.ehlo("client.outside.test").code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.mailFrom(from).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo(to).code()).as(suite + " RCPT on 25\n" + c.transcript()).isEqualTo(250);
      assertThat(c.data(message(from, to, subject, body)).code()).as(c.transcript()).isEqualTo(250);
    }
  }

  /** Port 587: STARTTLS (certificate and name checked), AUTH PLAIN as {@code user}, one message. */
  void submit(String user, String password, String from, String to, String subject, String body) {
    try (SmtpClient c = submission(user, password)) {
      assertThat(c.mailFrom(from).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo(to).code())
          .as("authenticated RCPT on 587\n" + c.transcript())
          .isEqualTo(250);
      assertThat(c.data(message(from, to, subject, body)).code()).as(c.transcript()).isEqualTo(250);
    }
  }

  /** A session on 587 after STARTTLS and a successful AUTH PLAIN, ready for MAIL FROM. */
  SmtpClient submission(String user, String password) {
    SmtpClient c = SmtpClient.connect(port(587));
    assertThat(c.greeting().code()).as(c.transcript()).isEqualTo(220);
    assertThat(c.ehlo("laptop.a.test").lines())
        .as(c.transcript())
        .anyMatch(l -> l.equalsIgnoreCase("STARTTLS"));
    SmtpClient.Reply ehlo = c.starttls(tls(), "laptop.a.test");
    assertThat(ehlo.lines())
        .as("AUTH offered on 587 after STARTTLS\n" + c.transcript())
        .anyMatch(
            l ->
                l.toUpperCase(Locale.ROOT).startsWith("AUTH")
                    && l.toUpperCase(Locale.ROOT).contains("PLAIN"));
    assertThat(c.authPlain(user, password).code()).as(c.transcript()).isEqualTo(235);
    return c;
  }

  /**
   * Polls the user's folders over IMAPS (993) until the message shows up in one; fails with
   * evidence.
   */
  Imap.Found awaitMail(String user, String password, List<String> folders, String token)
      throws Exception {
    return awaitMail(
        user, password, folders, subject -> subject.contains(token), raw -> true, token);
  }

  /**
   * Polls until a message whose subject passes {@code subject} and whose raw text passes {@code
   * raw} is in one of the folders; {@code token} names it in the failure and in the folder listing.
   */
  Imap.Found awaitMail(
      String user,
      String password,
      List<String> folders,
      Predicate<String> subject,
      Predicate<String> raw,
      String token)
      throws Exception {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    Exception last = null;
    do {
      try (jakarta.mail.Store store = Imap.login(tls(), port(993), user, password)) {
        for (String folder : folders) {
          Optional<Imap.Found> f = Imap.find(store, folder, subject, raw);
          if (f.isPresent()) {
            return f.get();
          }
        }
        last = null;
      } catch (jakarta.mail.MessagingException e) {
        last = e;
      }
      Thread.sleep(300);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        suite
            + ": no message with '"
            + token
            + "' in "
            + folders
            + " of "
            + user
            + " within "
            + DELIVERY
            + (last != null
                ? "; IMAPS kept failing: " + last
                : "; " + whereIs(user, password, token))
            + "\n"
            + diag(),
        last);
  }

  /**
   * Which of the tokens never showed up in a subject in the folder within {@link #DELIVERY}: all
   * waited for at once.
   */
  List<String> missing(String user, String password, String folder, List<String> tokens)
      throws Exception {
    List<String> left = new java.util.ArrayList<>(tokens);
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      for (java.util.Iterator<String> i = left.iterator(); i.hasNext(); ) {
        if (count(user, password, folder, i.next()) > 0) {
          i.remove();
        }
      }
      if (!left.isEmpty()) {
        Thread.sleep(300);
      }
    }
    return List.copyOf(left);
  }

  /** How many messages of the folder have {@code token} in their subject, now. */
  int count(String user, String password, String folder, String token) throws Exception {
    try (jakarta.mail.Store store = Imap.login(tls(), port(993), user, password)) {
      jakarta.mail.Folder f = store.getFolder(folder);
      if (!f.exists()) {
        return 0;
      }
      f.open(jakarta.mail.Folder.READ_ONLY);
      try {
        return f.search(new jakarta.mail.search.SubjectTerm(token)).length;
      } finally {
        f.close(false);
      }
    }
  }

  /**
   * Waits until {@code user}'s mailboxes hold at least {@code n} messages, counted by Dovecot on
   * the host (no TLS trust needed, so it also works while the certificate changes).
   */
  void awaitMessages(String user, int n) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    int have = 0;
    while (System.nanoTime() < deadline) {
      String out = sh("doveadm search -u " + user + " ALL 2>/dev/null | wc -l").strip();
      have = out.isEmpty() ? 0 : Integer.parseInt(out);
      if (have >= n) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        this + ": " + user + " has " + have + " of " + n + " messages\n" + diag());
  }

  /** Waits until shared mailbox {@code name} holds at least {@code n} messages on disk. */
  void awaitShared(String name, int n) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    String have = "";
    while (System.nanoTime() < deadline) {
      have =
          sh("find /var/mail/mailpush-shared/"
                  + name
                  + " -type f \\( -path '*/cur/*' -o -path '*/new/*' \\) 2>/dev/null | wc -l")
              .strip();
      if (!have.isEmpty() && Integer.parseInt(have) >= n) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(
        this + ": shared mailbox " + name + " has " + have + " of " + n + " messages\n" + diag());
  }

  String whereIs(String user, String password, String token) {
    return Imap.whereIs(tls(), port(993), user, password, token);
  }

  /** Evidence for failures: the queue and the end of the journal. */
  String diag() {
    return "--- "
        + suite
        + " postqueue -p / journal:\n"
        + sh(
            "postqueue -p 2>&1 | tail -n 15; journalctl --no-pager -n 60 -o short-iso 2>&1 | cut -c1-400");
  }

  @Override
  public String toString() {
    return name + " (" + suite + ", " + hostname + ")";
  }

  /** A plain-text message with the headers a mail client writes. */
  static String message(String from, String to, String subject, String body) {
    String id = UUID.randomUUID() + "@" + from.substring(from.indexOf('@') + 1);
    return "From: <"
        + from
        + ">\n"
        + "To: <"
        + to
        + ">\n"
        + "Subject: "
        + subject
        + "\n"
        + "Date: "
        + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())
        + "\n"
        + "Message-ID: <"
        + id
        + ">\n"
        + "MIME-Version: 1.0\n"
        + "Content-Type: text/plain; charset=us-ascii\n"
        + "Content-Transfer-Encoding: 7bit\n"
        + "\n"
        + body
        + "\n";
  }

  /** A short random word to find one message among many. */
  static String token() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
