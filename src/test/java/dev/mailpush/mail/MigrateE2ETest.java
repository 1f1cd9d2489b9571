package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.cli.CliRun;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TargetHosts;
import dev.mailpush.testhosts.TestInventory;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live server moved under load, from Debian 12 to Debian 13 (Dovecot 2.3 to 2.4). OLD is deployed
 * and holds mail in two folders with flags; a sender delivers a message every 150 ms on port 25 to
 * OLD, and to NEW once OLD answers 4xx (as a sending server would retry at the new MX). A first
 * {@code migrate} is killed (SIGKILL, its SSH connections cut) five times: during NEW's deploy, and
 * right after each later phase reported (DKIM keys moved, mailboxes copied, port 25 frozen, queue
 * delivered) while the next one runs; the sixth run goes through. Afterwards NEW holds every
 * message any server accepted exactly once, counted over IMAP, with the folders and flags OLD had;
 * the DKIM key moved; a third run changes nothing.
 */
@RequiresDocker(suites = {"bookworm", "trixie"})
class MigrateE2ETest {
  private static final String ALICE_PASSWORD = "Alice-migrate-test-5Tz";
  private static final int PRELOADED = 40;
  private static final int AT_LEAST = 300;

  @TempDir Path dir;

  @Test
  void everyAcceptedMessageIsOnTheNewServerExactlyOnce() throws Exception {
    try (TargetHosts hosts =
        TargetHosts.start(
            List.of(
                TargetHost.builder("bookworm").publish(25, 993).hostname("mx1.a.test"),
                TargetHost.builder("trixie").publish(25, 993).hostname("mx2.a.test")))) {
      Mx old = new Mx("bookworm", "mx1", "mx1.a.test", hosts.get(0));
      Mx fresh = new Mx("trixie", "mx2", "mx2.a.test", hosts.get(1));
      String inventory = inventory(dir.resolve("inventory"), hosts).file().toString();
      long t0 = System.nanoTime();
      CliRun deployOld = CliRun.of("deploy", inventory, "--limit", "mx1");
      assertThat(deployOld.exitCode()).as(deployOld.toString()).isZero();
      log("OLD deployed in %d s", secs(t0));

      for (int i = 0; i < PRELOADED; i++) {
        old.sendOn25("friend@outside.test", "alice@a.test", "preloaded " + i, "old mail " + i);
      }
      old.awaitMessages("alice", PRELOADED);
      organise(old);
      Map<String, Map<String, String>> oldMailboxes = mailboxes(old);
      String dkim = old.sh("cat /etc/opendkim/keys/a.test/mail.txt");

      Sender sender = new Sender(old, fresh);
      CompletableFuture<Void> sending = CompletableFuture.runAsync(sender::run);
      long tk = System.nanoTime();
      CliRun killed =
          CliRun.killedInNewJvm(
              Duration.ofSeconds(25),
              dir.resolve("killed-deploy"),
              "migrate",
              inventory,
              "--from",
              "mx1",
              "--to",
              "mx2");
      log("migrate killed during NEW's deploy after %d s", secs(tk));
      assertThat(killed.killed()).as("killed, not finished: " + killed).isTrue();
      // Then killed again right after each later phase reported, while the next one runs.
      for (String after : List.of(" dkim ", " sync alice ", " freeze ", " queue ")) {
        long tp = System.nanoTime();
        CliRun cut =
            CliRun.killedInNewJvmAfter(
                after,
                dir.resolve("killed-after-" + after.strip().replace(' ', '-')),
                "migrate",
                inventory,
                "--from",
                "mx1",
                "--to",
                "mx2");
        log("migrate killed after \"%s\" (%d s)%n%s", after.strip(), secs(tp), cut.out());
        assertThat(cut.killed()).as("killed, not finished: " + cut).isTrue();
      }

      long tm = System.nanoTime();
      CliRun migrate = CliRun.of("migrate", inventory, "--from", "mx1", "--to", "mx2");
      log("migrate: exit %d in %d s%n%s", migrate.exitCode(), secs(tm), migrate.out());
      assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
      assertThat(migrate.out())
          .contains("freeze", "final sync alice", "a.test. IN MX 10 mx2.a.test.");

      // The sender goes on until at least AT_LEAST messages were accepted, the last ones by NEW.
      sender.minimum(AT_LEAST);
      sending.get(5, TimeUnit.MINUTES);
      log(
          "sender: %d accepted by OLD, %d by NEW, %d refused by OLD with 4xx",
          sender.byOld.get(), sender.byNew.get(), sender.deferred.get());
      assertThat(sender.byOld.get()).as("accepted by OLD during the migration").isPositive();
      assertThat(sender.deferred.get()).as("OLD answered 4xx after the freeze").isPositive();
      assertThat(sender.accepted.size()).isGreaterThanOrEqualTo(AT_LEAST);

      int expected = PRELOADED + sender.accepted.size();
      fresh.awaitMessages("alice", expected);
      Map<String, Integer> seen = subjects(fresh);
      for (String subject : sender.accepted) {
        assertThat(seen.getOrDefault(subject, 0)).as("on NEW: " + subject).isEqualTo(1);
      }
      assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected);
      Map<String, Map<String, String>> moved = mailboxes(fresh);
      oldMailboxes.forEach(
          (folder, messages) ->
              assertThat(moved.get(folder)).as("NEW " + folder).containsAllEntriesOf(messages));
      assertThat(fresh.sh("cat /etc/opendkim/keys/a.test/mail.txt")).isEqualTo(dkim);
      log(
          "NEW holds %d messages, each once: %d preloaded + %d sent under load",
          expected, PRELOADED, sender.accepted.size());

      CliRun again = CliRun.of("migrate", inventory, "--from", "mx1", "--to", "mx2");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("port 25 already answers", "DKIM keys are already");
      assertThat(subjects(fresh)).isEqualTo(seen);
    }
  }

  /** Sends every 150 ms: to OLD, or to NEW once OLD defers; remembers what was accepted. */
  private static final class Sender {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger byOld = new AtomicInteger();
    final AtomicInteger byNew = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger minimum = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicBoolean switched = new AtomicBoolean();
    private final Mx old;
    private final Mx fresh;

    Sender(Mx old, Mx fresh) {
      this.old = old;
      this.fresh = fresh;
    }

    void minimum(int n) {
      minimum.set(n);
    }

    void run() {
      for (int i = 0; accepted.size() < minimum.get() || !switched.get(); i++) {
        String subject = "load " + i;
        if (!switched.get()) {
          int code = send(old, subject);
          if (code == 250) {
            accepted.add(subject);
            byOld.incrementAndGet();
          } else if (code / 100 == 4) {
            deferred.incrementAndGet();
            switched.set(true);
          } else {
            throw new AssertionError("OLD answered " + code + " to " + subject);
          }
        }
        if (switched.get()) {
          int code = send(fresh, subject);
          assertThat(code).as("NEW accepts " + subject).isEqualTo(250);
          accepted.add(subject);
          byNew.incrementAndGet();
        }
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** The first non-2xx reply's code, or 250 once the message is queued. */
    private static int send(Mx mx, String subject) {
      try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
        for (SmtpClient.Reply r :
            List.of(
                c.greeting(),
                c.ehlo("mx.outside.test"),
                c.mailFrom("friend@outside.test"),
                c.rcptTo("alice@a.test"))) {
          if (r.code() / 100 != 2) {
            return r.code();
          }
        }
        return c.data(Mx.message("friend@outside.test", "alice@a.test", subject, "load")).code();
      } catch (RuntimeException e) {
        // NEW before its deploy has no listener yet: not accepted, try the next one.
        return 421;
      }
    }
  }

  private static TestInventory inventory(Path dir, TargetHosts hosts) {
    return TestInventory.builder(dir)
        .host("mx1", "mx1.a.test", hosts.get(0))
        .host("mx2", "mx2.a.test", hosts.get(1))
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "server_label = \"mailpush migrate e2e\"",
                "enable_antispam = false",
                "enable_spf_check = false",
                "enable_fail2ban = false",
                "virtual_domains = [\"a.test\"]",
                "[mail.virtual_addresses]",
                "\"alice@a.test\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \""
                    + Sha2Crypt.sha512Crypt(ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8))
                    + "\"",
                "[tls]",
                "mode = \"self-signed\""))
        .write();
  }

  /** Five messages into Archive, three flagged, four read, as a mail client would. */
  private static void organise(Mx m) throws Exception {
    try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
      Folder archive = store.getFolder("Archive");
      archive.create(Folder.HOLDS_MESSAGES);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message[] all = inbox.getMessages();
      Message[] moved = Arrays.copyOfRange(all, 0, 5);
      inbox.copyMessages(moved, archive);
      inbox.setFlags(moved, new Flags(Flags.Flag.DELETED), true);
      inbox.setFlags(Arrays.copyOfRange(all, 5, 8), new Flags(Flags.Flag.FLAGGED), true);
      inbox.setFlags(Arrays.copyOfRange(all, 8, 12), new Flags(Flags.Flag.SEEN), true);
      inbox.close(true);
    }
  }

  /** Folder → Message-ID → flags (\Seen, \Flagged), over IMAP. */
  private static Map<String, Map<String, String>> mailboxes(Mx m) throws Exception {
    Map<String, Map<String, String>> all = new TreeMap<>();
    try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
      for (Folder f : store.getDefaultFolder().list("*")) {
        f.open(Folder.READ_ONLY);
        Map<String, String> messages = new TreeMap<>();
        for (Message msg : f.getMessages()) {
          Flags flags = msg.getFlags();
          messages.put(
              msg.getHeader("Message-ID")[0],
              (flags.contains(Flags.Flag.SEEN) ? "S" : "")
                  + (flags.contains(Flags.Flag.FLAGGED) ? "F" : ""));
        }
        f.close(false);
        all.put(f.getFullName(), messages);
      }
    }
    return all;
  }

  /** Subject → how many messages have it, in all of alice's folders, over IMAP. */
  private static Map<String, Integer> subjects(Mx m) throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
      for (Folder f : store.getDefaultFolder().list("*")) {
        f.open(Folder.READ_ONLY);
        for (Message msg : f.getMessages()) {
          seen.merge(msg.getSubject(), 1, Integer::sum);
        }
        f.close(false);
      }
    }
    return seen;
  }

  private static long secs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[MigrateE2ETest] " + format + "%n", args);
  }
}
