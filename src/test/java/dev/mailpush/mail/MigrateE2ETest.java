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
import java.util.TreeSet;
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
 * the DKIM key moved; a third run changes nothing. The same holds for shared mailbox team (alice's
 * and bob's, which every fifth message goes to): each accepted message once in NEW's Shared.team
 * for both readers, each with their own read marks.
 */
@RequiresDocker(suites = {"bookworm", "trixie"})
class MigrateE2ETest {
  private static final String ALICE_PASSWORD = "Alice-migrate-test-5Tz";
  private static final String BOB_PASSWORD = "Bob-migrate-test-8Qw";
  private static final int SHARED_PRELOADED = 6;

  /** bob read these on OLD; alice read none. */
  private static final Set<String> BOB_READ = Set.of("team 0", "team 1", "team 2");

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
      for (int i = 0; i < SHARED_PRELOADED; i++) {
        old.sendOn25("friend@outside.test", "team@a.test", "team " + i, "for the team " + i);
      }
      old.awaitShared("team", SHARED_PRELOADED);
      markRead(old, "Shared.team.INBOX", "bob", BOB_PASSWORD, BOB_READ);
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
      awaitSubjects(fresh, expected);
      Map<String, Integer> seen = subjects(fresh);
      Set<String> wanted = new TreeSet<>(sender.accepted);
      for (int i = 0; i < PRELOADED; i++) {
        wanted.add("preloaded " + i);
      }
      Map<String, Integer> wrong = new TreeMap<>();
      seen.forEach(
          (subject, n) -> {
            if (n != 1 || !wanted.contains(subject)) {
              wrong.put(subject, n);
            }
          });
      wanted.stream().filter(s -> !seen.containsKey(s)).forEach(s -> wrong.put(s, 0));
      assertThat(wrong)
          .as(
              "subjects on NEW not exactly once (0: missing; not sent, or sent twice: extra);"
                  + " where they are:\n"
                  + whereAre(fresh, wrong.keySet())
                  + "\nmigrate said:\n"
                  + migrate.out())
          .isEmpty();
      assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected);
      Map<String, Map<String, String>> moved = mailboxes(fresh);
      oldMailboxes.forEach(
          (folder, messages) ->
              assertThat(moved.get(folder)).as("NEW " + folder).containsAllEntriesOf(messages));
      assertThat(fresh.sh("cat /etc/opendkim/keys/a.test/mail.txt")).isEqualTo(dkim);
      log(
          "NEW holds %d messages, each once: %d preloaded + %d sent under load",
          expected, PRELOADED, sender.accepted.size());
      int sharedExpected = SHARED_PRELOADED + sender.acceptedShared.size();
      fresh.awaitShared("team", sharedExpected);
      Map<String, String> team = Map.of();
      for (String reader : List.of("alice", "bob")) {
        String password = reader.equals("bob") ? BOB_PASSWORD : ALICE_PASSWORD;
        team = shared(fresh, reader, password);
        assertThat(team).as(reader + "'s Shared.team on NEW").hasSize(sharedExpected);
        for (int i = 0; i < SHARED_PRELOADED; i++) {
          assertThat(team).as(reader + ": preloaded").containsKey("team " + i);
        }
        assertThat(team)
            .as(reader + ": sent under load")
            .containsKeys(sender.acceptedShared.toArray(String[]::new));
        Map<String, String> read = new TreeMap<>(team);
        read.values().removeIf(flag -> !flag.equals("S"));
        // The read marks are each reader's own and moved with the mail (dsync as each reader).
        assertThat(read.keySet())
            .as(reader + "'s read marks on NEW")
            .isEqualTo(reader.equals("bob") ? new TreeSet<>(BOB_READ) : Set.of());
      }
      log(
          "NEW's Shared.team holds %d messages, each once for alice and bob: %d preloaded + %d"
              + " sent under load",
          sharedExpected, SHARED_PRELOADED, sender.acceptedShared.size());
      assertThat(migrate.out()).contains("final sync shared team");

      CliRun again = CliRun.of("migrate", inventory, "--from", "mx1", "--to", "mx2");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("port 25 already answers", "DKIM keys are already");
      assertThat(subjects(fresh)).isEqualTo(seen);
      assertThat(shared(fresh, "bob", BOB_PASSWORD)).isEqualTo(team);
    }
  }

  /** Sends every 150 ms: to OLD, or to NEW once OLD defers; remembers what was accepted. */
  private static final class Sender {
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Set<String> acceptedShared = ConcurrentHashMap.newKeySet();
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
        boolean toTeam = i % 5 == 4;
        String subject = (toTeam ? "team load " : "load ") + i;
        String rcpt = toTeam ? "team@a.test" : "alice@a.test";
        Set<String> into = toTeam ? acceptedShared : accepted;
        if (!switched.get()) {
          int code = send(old, rcpt, subject);
          if (code == 250) {
            into.add(subject);
            byOld.incrementAndGet();
          } else if (code / 100 == 4) {
            deferred.incrementAndGet();
            switched.set(true);
          } else {
            throw new AssertionError("OLD answered " + code + " to " + subject);
          }
        }
        if (switched.get()) {
          int code = send(fresh, rcpt, subject);
          assertThat(code).as("NEW accepts " + subject).isEqualTo(250);
          into.add(subject);
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
    private static int send(Mx mx, String rcpt, String subject) {
      try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
        for (SmtpClient.Reply r :
            List.of(
                c.greeting(),
                c.ehlo("mx.outside.test"),
                c.mailFrom("friend@outside.test"),
                c.rcptTo(rcpt))) {
          if (r.code() / 100 != 2) {
            return r.code();
          }
        }
        return c.data(Mx.message("friend@outside.test", rcpt, subject, "load")).code();
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
                "\"bob@a.test\" = \"bob\"",
                "[mail.users.alice]",
                "password_hash = \""
                    + Sha2Crypt.sha512Crypt(ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8))
                    + "\"",
                "[mail.users.bob]",
                "password_hash = \""
                    + Sha2Crypt.sha512Crypt(BOB_PASSWORD.getBytes(StandardCharsets.UTF_8))
                    + "\"",
                "[mail.shared_mailboxes.team]",
                "users = [\"alice\", \"bob\"]",
                "addresses = [\"team@a.test\"]",
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
      for (Folder f : own(store)) {
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
      for (Folder f : own(store)) {
        f.open(Folder.READ_ONLY);
        for (Message msg : f.getMessages()) {
          seen.merge(msg.getSubject(), 1, Integer::sum);
        }
        f.close(false);
      }
    }
    return seen;
  }

  /** For a failure message: each message with one of these subjects, its folder and headers. */
  private static String whereAre(Mx m, Set<String> subjects) throws Exception {
    if (subjects.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
      for (Folder f : own(store)) {
        f.open(Folder.READ_ONLY);
        for (Message msg : f.getMessages()) {
          if (subjects.contains(msg.getSubject())) {
            out.append(f.getFullName()).append(": ").append(msg.getSubject()).append('\n');
            for (String h : List.of("Message-ID", "Received", "Delivered-To")) {
              String[] values = msg.getHeader(h);
              for (String v : values == null ? new String[0] : values) {
                out.append("    ").append(h).append(": ").append(v).append('\n');
              }
            }
          }
        }
        f.close(false);
      }
    }
    return out.toString();
  }

  /** alice's own folders: not the shared ones (Shared.team, and on 2.3 Shared.team.INBOX too). */
  private static List<Folder> own(Store store) throws Exception {
    return Arrays.stream(store.getDefaultFolder().list("*"))
        .filter(f -> !f.getFullName().startsWith("Shared"))
        .toList();
  }

  /** Until alice's own folders hold {@code n} messages on {@code m}, over IMAP. */
  private static void awaitSubjects(Mx m, int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int have = 0;
    while (System.nanoTime() < deadline) {
      have = subjects(m).values().stream().mapToInt(Integer::intValue).sum();
      if (have >= n) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(m + ": alice has " + have + " of " + n + " messages");
  }

  /** {@code user} marks the messages with these subjects read in {@code folder}. */
  private static void markRead(
      Mx m, String folder, String user, String password, Set<String> subjects) throws Exception {
    try (Store store = Imap.login(m.tls(), m.port(993), user, password)) {
      Folder f = store.getFolder(folder);
      f.open(Folder.READ_WRITE);
      for (Message msg : f.getMessages()) {
        if (subjects.contains(msg.getSubject())) {
          msg.setFlag(Flags.Flag.SEEN, true);
        }
      }
      f.close(false);
    }
  }

  /**
   * Shared mailbox team on NEW (Dovecot 2.4: Shared.team) as {@code user} sees it: subject → "S"
   * when read; a subject found twice fails.
   */
  private static Map<String, String> shared(Mx m, String user, String password) throws Exception {
    Map<String, String> messages = new TreeMap<>();
    try (Store store = Imap.login(m.tls(), m.port(993), user, password)) {
      Folder f = store.getFolder("Shared.team");
      f.open(Folder.READ_ONLY);
      for (Message msg : f.getMessages()) {
        String before =
            messages.put(msg.getSubject(), msg.getFlags().contains(Flags.Flag.SEEN) ? "S" : "");
        assertThat(before).as(user + ": " + msg.getSubject() + " once in Shared.team").isNull();
      }
      f.close(false);
    }
    return messages;
  }

  private static long secs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[MigrateE2ETest] " + format + "%n", args);
  }
}
