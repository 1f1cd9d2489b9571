package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.cli.CliRun;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No mail is lost while mailpush reconfigures a live server. Four SMTP clients keep sending to port
 * 25 while three deploys run one after the other: one that changes Postfix (banner, and listeners,
 * so a restart), Dovecot (ManageSieve on: new package, restart) and SpamAssassin (threshold: spamd
 * restart); one whose Postfix override fails validation and is rolled back; and one back to the
 * first configuration (every restart again). The clients behave like a sending MTA: a refused
 * connection or a 4xx reply means "try again later". Afterwards every message the server accepted
 * with 250 must be in the mailbox exactly once, counted over IMAP.
 */
@RequiresDocker(suites = "bookworm")
class NoMailLostE2ETest {
  static final int MIN_MESSAGES = 500;
  static final int SENDERS = 4;
  static final String PASSWORD = "Load-e2e-secret-9Kp";
  static final Duration DRAIN = Duration.ofMinutes(5);

  @TempDir Path dir;

  @Test
  void everyMessageAcceptedDuringChangingDeploysIsDeliveredExactlyOnce() throws Exception {
    try (TargetHost host =
        TargetHost.builder("bookworm").publish(25, 993).hostname("mx.load.test").start()) {
      String hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
      TestInventory before =
          inventory(dir.resolve("before"), host, hash, "load test A", "5.0", false, "");
      TestInventory changed =
          inventory(
              dir.resolve("changed"),
              host,
              hash,
              "load test B",
              "6.5",
              true,
              "inet_protocols = \"ipv4\"\n");
      TestInventory broken =
          inventory(
              dir.resolve("broken"),
              host,
              hash,
              "load test B",
              "6.5",
              true,
              "inet_protocols = \"ipv4\"\nsmtpd_tls_security_level = \"bogus\"\n");

      CliRun first = CliRun.of("deploy", before.file().toString(), "--json");
      assertThat(first.exitCode()).as(first.toString()).isZero();

      String run = UUID.randomUUID().toString().substring(0, 8);
      try (LoadSender load = LoadSender.start(host.mappedPort(25), SENDERS, run)) {
        load.awaitAccepted(50, Duration.ofMinutes(2));

        CliRun change = CliRun.of("deploy", changed.file().toString(), "--json");
        assertThat(change.exitCode()).as(change.toString()).isZero();
        assertThat(handlers(change))
            .as("restarts of the changing deploy")
            .contains("restart postfix", "restart dovecot", "restart spamd");

        CliRun rejected = CliRun.of("deploy", broken.file().toString(), "--json");
        assertThat(rejected.exitCode()).as("a deploy whose override Postfix rejects").isEqualTo(4);

        CliRun back = CliRun.of("deploy", before.file().toString(), "--json");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(handlers(back))
            .as("restarts of the deploy back")
            .contains("restart postfix", "restart dovecot", "restart spamd");

        load.awaitAccepted(MIN_MESSAGES, Duration.ofMinutes(10));
        load.stop();
        LoadSender.Figures f = load.figures();
        log(
            "sent during the deploys: %d accepted, %d retries after 4xx or a refused/broken connection, "
                + "%d of them after the message was sent (possible duplicate), %d given up",
            f.accepted().size(), f.retries(), f.ambiguous().size(), f.givenUp());
        assertThat(f.givenUp())
            .as("messages the server never accepted within the retry budget")
            .isZero();

        Map<Integer, Integer> delivered = awaitDelivered(host, run, f.accepted());
        List<Integer> missing = new ArrayList<>();
        List<Integer> duplicated = new ArrayList<>();
        for (int seq : f.accepted()) {
          int n = delivered.getOrDefault(seq, 0);
          if (n == 0) {
            missing.add(seq);
          } else if (n > 1 && !(n == 2 && f.ambiguous().contains(seq))) {
            duplicated.add(seq);
          }
        }
        int total = delivered.values().stream().mapToInt(Integer::intValue).sum();
        log(
            "delivered: %d messages in the mailbox for %d accepted; %s",
            total,
            f.accepted().size(),
            host.exec(
                    "sh",
                    "-c",
                    "printf '%s deliveries to Dovecot cut after the end of DATA (Postfix repeats those), %s repeats dropped by Sieve,"
                        + " %s deliveries held back while one to the same user was still running'"
                        + " \"$(journalctl --no-pager | grep -c -e 'Shutting down (in reply to end of DATA' -e 'may be sent more than once')\""
                        + " \"$(journalctl --no-pager | grep -c 'discard action')\""
                        + " \"$(journalctl --no-pager | grep -c 'Too many concurrent deliveries for user')\"")
                .stdout());
        assertThat(missing).as("accepted with 250 but never delivered\n" + diag(host)).isEmpty();
        assertThat(duplicated)
            .as("delivered more than once\n" + trace(host, run, duplicated))
            .isEmpty();
        assertThat(delivered.keySet()).as("delivered but never accepted").isSubsetOf(f.accepted());
      }
    }
  }

  static TestInventory inventory(
      Path dir,
      TargetHost host,
      String hash,
      String label,
      String threshold,
      boolean managesieve,
      String overrides) {
    return TestInventory.builder(dir)
        .host("mx", "mx.load.test", host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "server_label = \"" + label + "\"",
                "spam_threshold = " + threshold,
                "enable_managesieve = " + managesieve,
                "virtual_domains = [\"load.test\"]",
                "[mail.virtual_addresses]",
                "\"alice@load.test\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \"" + hash + "\"",
                "[mail.postfix_overrides]",
                overrides,
                "[tls]",
                "mode = \"self-signed\""))
        .write();
  }

  /** The handlers that ran on the host, by name. */
  static List<String> handlers(CliRun run) {
    return run.tasks("mx").stream()
        .filter(t -> t.path("handler").asBoolean() && t.path("status").asText().equals("changed"))
        .map(t -> t.path("task").asText().replaceFirst("^handler: ", ""))
        .toList();
  }

  /**
   * Waits until the queue is empty (flushing it, so mail deferred while Dovecot restarted is
   * retried now rather than after Postfix's 5-minute back-off), then counts alice's messages of
   * this run by sequence number over IMAPS, in INBOX and Junk.
   */
  static Map<Integer, Integer> awaitDelivered(TargetHost host, String run, Set<Integer> accepted)
      throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    Map<Integer, Integer> counts = Map.of();
    HostTls tls =
        HostTls.trusting(
            host.exec("cat", "/etc/mailpush/tls/fullchain.pem").stdout(), "mx.load.test");
    while (System.nanoTime() < deadline) {
      host.exec("postqueue", "-f");
      boolean empty =
          host.exec("sh", "-c", "postqueue -p").stdout().contains("Mail queue is empty");
      counts = count(tls, host.mappedPort(993), run);
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      if (empty && total >= accepted.size()) {
        return counts;
      }
      Thread.sleep(2000);
    }
    return counts;
  }

  static final Pattern SUBJECT = Pattern.compile("load (\\w+) (\\d+)");

  static Map<Integer, Integer> count(HostTls tls, int port, String run) throws Exception {
    Map<Integer, Integer> counts = new HashMap<>();
    try (Store store = Imap.login(tls, port, "alice", PASSWORD)) {
      for (String name : List.of("INBOX", "Junk")) {
        Folder folder = store.getFolder(name);
        if (!folder.exists()) {
          continue;
        }
        folder.open(Folder.READ_ONLY);
        try {
          Message[] messages = folder.getMessages();
          FetchProfile fp = new FetchProfile();
          fp.add(FetchProfile.Item.ENVELOPE);
          folder.fetch(messages, fp);
          for (Message m : messages) {
            Matcher s = SUBJECT.matcher(String.valueOf(m.getSubject()));
            if (s.matches() && s.group(1).equals(run)) {
              counts.merge(Integer.parseInt(s.group(2)), 1, Integer::sum);
            }
          }
        } finally {
          folder.close(false);
        }
      }
    }
    return counts;
  }

  /** The journal's lines about these messages: their queue ids' way through Postfix and Dovecot. */
  static String trace(TargetHost host, String run, List<Integer> seqs) {
    StringBuilder out = new StringBuilder();
    for (int seq : seqs.subList(0, Math.min(3, seqs.size()))) {
      String id = run + "." + seq + "@outside.test";
      out.append("--- message ")
          .append(seq)
          .append('\n')
          .append(
              host.exec(
                      "sh",
                      "-c",
                      "j=$(journalctl --no-pager -o short-precise); ids=$(printf '%s\\n' \"$j\" | grep -F \"$1\""
                          + " | sed -n 's/.*postfix\\/cleanup\\[[0-9]*\\]: \\([0-9A-F]*\\):.*/\\1/p');"
                          + " for i in $ids; do printf '%s\\n' \"$j\" | grep -F \"$i\"; done;"
                          + " printf '%s\\n' \"$j\" | grep -F \"$1\" | grep -v postfix/cleanup",
                      "trace",
                      id)
                  .stdout());
    }
    return out.toString();
  }

  static String diag(TargetHost host) {
    return host.exec(
            "sh",
            "-c",
            "postqueue -p | tail -n 20; journalctl --no-pager -n 80 -o short-iso | cut -c1-300")
        .stdout();
  }

  static void log(String format, Object... args) {
    System.out.printf("[NoMailLostE2ETest] " + format + "%n", args);
  }

  /**
   * SMTP clients sending numbered messages to alice on port 25 until stopped, each message on a new
   * connection like an MTA; a refused or broken connection or a 4xx reply is retried after a pause.
   */
  static final class LoadSender implements AutoCloseable {
    record Figures(Set<Integer> accepted, Set<Integer> ambiguous, int retries, int givenUp) {}

    private static final int MAX_ATTEMPTS = 120;
    private final int port;
    private final String run;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();
    private final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    private final Set<Integer> ambiguous = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private LoadSender(int port, String run) {
      this.port = port;
      this.run = run;
    }

    static LoadSender start(int port, int senders, String run) {
      LoadSender load = new LoadSender(port, run);
      for (int i = 0; i < senders; i++) {
        Thread t = new Thread(load::sendUntilStopped, "load-sender-" + i);
        t.setDaemon(true);
        load.threads.add(t);
        t.start();
      }
      return load;
    }

    private void sendUntilStopped() {
      while (!stopping) {
        int seq = next.incrementAndGet();
        boolean done = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !done; attempt++) {
          done = trySend(seq);
          if (!done) {
            retries.incrementAndGet();
            sleep(500);
          }
        }
        if (!done) {
          givenUp.incrementAndGet();
        }
      }
    }

    /** One delivery attempt; true when the server answered 250 to the end of the message. */
    private boolean trySend(int seq) {
      boolean bodySent = false;
      try (SmtpClient c = SmtpClient.connect(port)) {
        if (c.greeting().code() != 220
            || c.ehlo("sender.outside.test").code() != 250
            || c.mailFrom("sender@outside.test").code() != 250
            || c.rcptTo("alice@load.test").code() != 250) {
          failures.merge("refused before DATA", 1, Integer::sum);
          return false;
        }
        if (c.command("DATA").code() != 354) {
          failures.merge("DATA refused", 1, Integer::sum);
          return false;
        }
        bodySent = true;
        SmtpClient.Reply end = c.command(body(seq) + "\r\n.");
        if (end.code() == 250) {
          accepted.add(seq);
          return true;
        }
        failures.merge("end of data " + end.code(), 1, Integer::sum);
        return false;
      } catch (RuntimeException e) {
        // A lost connection after the message went out may still have been queued: a resend may
        // duplicate it.
        if (bodySent) {
          ambiguous.add(seq);
        }
        failures.merge("connection: " + e.getClass().getSimpleName(), 1, Integer::sum);
        return false;
      }
    }

    private String body(int seq) {
      return String.join(
          "\r\n",
          "From: <sender@outside.test>",
          "To: <alice@load.test>",
          "Subject: load " + run + " " + seq,
          "Message-ID: <" + run + "." + seq + "@outside.test>",
          "",
          "Message " + seq + " of run " + run + ".");
    }

    void awaitAccepted(int n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (accepted.size() < n) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "only "
                  + accepted.size()
                  + " of "
                  + n
                  + " messages accepted within "
                  + timeout
                  + "; failures: "
                  + new TreeMap<>(failures));
        }
        Thread.sleep(200);
      }
    }

    /** Lets each client finish (and retry until accepted) the message it is on, then returns. */
    void stop() throws InterruptedException {
      stopping = true;
      for (Thread t : threads) {
        t.join(Duration.ofMinutes(2).toMillis());
      }
    }

    Figures figures() {
      log("failed attempts by kind: %s", new TreeMap<>(failures));
      return new Figures(Set.copyOf(accepted), Set.copyOf(ambiguous), retries.get(), givenUp.get());
    }

    @Override
    public void close() {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
