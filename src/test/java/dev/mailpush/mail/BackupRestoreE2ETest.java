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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup, loss of the server, and restore, as an admin lives it, on Debian 11, 12 and 13 at once:
 * three deployed hosts with {@code [backup]} (Debian 11's and 12's repositories on a Docker volume,
 * the "backup disk" that outlives the servers; Debian 13's on a second machine over sftp, with a
 * key and host key from the inventory) receive mail on port 25; alice files some into a folder,
 * flags and reads some over IMAP and has a Sieve script. {@code mailpush backup}, then the
 * containers are destroyed. Three new containers on the same volume are deployed from the same
 * inventory (new DKIM keys, new certificates), receive one new message each, and {@code mailpush
 * restore} brings everything back: every folder's Message-IDs with their flags (counted over IMAP),
 * plus the new message; the DKIM key (new mail verifies with dkimpy against the record published
 * before the loss); the certificate; the Sieve script. A second restore changes nothing. Then a
 * failed timer backup is reported by {@code backup --status} (exit 4) and by the next deploy.
 */
@RequiresDocker(suites = {"bullseye", "bookworm", "trixie"})
class BackupRestoreE2ETest {
  private static final List<String> SUITES = List.of("bullseye", "bookworm", "trixie");
  private static final String ALICE_PASSWORD = "Alice-backup-test-7Qm";
  private static final String BOB_PASSWORD = "Bob-backup-test-3Kd";
  private static final int TO_ALICE = 24;
  private static final int TO_BOB = 6;
  private static final int TO_TEAM = 3;
  private static final int[] PORTS = {25, 587, 993};

  @TempDir Path dir;

  @Test
  void backupLoseTheServersRedeployRestoreAndEveryMessageIsBackOnce() throws Exception {
    String volume = "mailpush-backup-e2e-" + UUID.randomUUID();
    docker("volume", "create", volume);
    Path password = dir.resolve("backup-password");
    Files.writeString(password, "restic-" + UUID.randomUUID() + "\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    Map<String, Map<String, Map<String, String>>> before = new LinkedHashMap<>();
    Map<String, String> dkimRecords = new LinkedHashMap<>();
    Map<String, String> certificates = new LinkedHashMap<>();
    try (TargetHost vault = TargetHost.builder("bookworm").hostname("vault.a.test").start()) {
      String sftp = sftpRepository(vault);
      long t0 = System.nanoTime();
      try (TargetHosts old = start(volume)) {
        List<Mx> mx = mxs(old);
        TestInventory inventory = inventory(dir.resolve("old"), old, password, sftp);
        CliRun deploy = CliRun.of("deploy", inventory.file().toString());
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        log("first servers deployed in %d s", secs(t0));
        for (Mx m : mx) {
          for (int i = 0; i < TO_ALICE; i++) {
            m.sendOn25("friend@outside.test", "alice@a.test", "to alice " + i, "body " + i);
          }
          for (int i = 0; i < TO_BOB; i++) {
            m.sendOn25("friend@outside.test", "bob@a.test", "to bob " + i, "body " + i);
          }
          for (int i = 0; i < TO_TEAM; i++) {
            m.sendOn25("friend@outside.test", "team@a.test", "to the team " + i, "body " + i);
          }
        }
        for (Mx m : mx) {
          m.awaitMessages("alice", TO_ALICE);
          m.awaitMessages("bob", TO_BOB);
          m.awaitShared("team", TO_TEAM);
          organise(m);
          m.sh(
              "mkdir -p /home/alice/sieve && printf 'require \"fileinto\";\\nif header :contains"
                  + " \"subject\" \"zz-sieve\" { fileinto \"Archive\"; }\\n' >"
                  + " /home/alice/sieve/rules.sieve && ln -sfn sieve/rules.sieve"
                  + " /home/alice/.dovecot.sieve && chown -R -h alice: /home/alice/sieve"
                  + " /home/alice/.dovecot.sieve");
          before.put(m.name(), mailboxes(m));
          dkimRecords.put(m.name(), m.sh("cat /etc/opendkim/keys/a.test/mail.txt"));
          certificates.put(m.name(), m.sh("cat /etc/mailpush/tls/fullchain.pem"));
          assertThat(before.get(m.name()).get("alice/Archive")).as(m.suite()).hasSize(5);
        }

        long tb = System.nanoTime();
        CliRun backup = CliRun.of("backup", inventory.file().toString());
        log(
            "mailpush backup of 3 hosts: exit %d in %d s%n%s",
            backup.exitCode(), secs(tb), backup.out());
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        CliRun status = CliRun.of("backup", inventory.file().toString(), "--status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (Mx m : mx) {
          assertThat(status.out()).contains("1 snapshots of " + m.name());
        }
        assertThat(vault.exec("sh", "-c", "ls /home/restic/mx3/snapshots | wc -l").stdout().strip())
            .as("mx3's snapshot is on the backup server, written over sftp")
            .isEqualTo("1");
        assertThat(status.out()).contains("(mailpush backup): snapshot ");
      }
      log("first servers destroyed; the backup volume stays");

      try (TargetHosts fresh = start(volume)) {
        List<Mx> mx = mxs(fresh);
        TestInventory inventory = inventory(dir.resolve("new"), fresh, password, sftp);
        long td = System.nanoTime();
        CliRun deploy = CliRun.of("deploy", inventory.file().toString());
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        log("new servers deployed in %d s", secs(td));
        for (Mx m : mx) {
          assertThat(m.sh("cat /etc/opendkim/keys/a.test/mail.txt"))
              .as("a new server makes its own DKIM key")
              .isNotEqualTo(dkimRecords.get(m.name()));
          m.sendOn25("friend@outside.test", "alice@a.test", "after the move", "newer mail");
          m.awaitMessages("alice", 1);
        }

        long tr = System.nanoTime();
        for (Mx m : mx) {
          CliRun restore = CliRun.of("restore", inventory.file().toString(), "--limit", m.name());
          log("restore %s: exit %d%n%s", m, restore.exitCode(), restore.out());
          assertThat(restore.exitCode()).as(restore.toString()).isZero();
          assertThat(restore.out()).contains("restored", "DKIM keys restored");
        }
        log("3 restores in %d s", secs(tr));

        for (Mx fresh0 : mx) {
          Mx m = new Mx(fresh0.suite(), fresh0.name(), fresh0.hostname(), fresh0.host());
          Map<String, Map<String, String>> after = mailboxes(m);
          Map<String, Map<String, String>> expected = copy(before.get(m.name()));
          Map<String, String> inbox = after.get("alice/INBOX");
          String newer =
              inbox.keySet().stream()
                  .filter(id -> !expected.get("alice/INBOX").containsKey(id))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError(m + ": the newer message is gone"));
          expected.get("alice/INBOX").put(newer, inbox.get(newer));
          assertThat(after).as(m + ": every folder, Message-ID and flag").isEqualTo(expected);
          int total = after.values().stream().mapToInt(Map::size).sum();
          log("%s: %d messages after restore (%d backed up + 1 newer)", m, total, total - 1);

          assertThat(m.sh("cat /etc/opendkim/keys/a.test/mail.txt"))
              .as(m + ": the DKIM key of the published record")
              .isEqualTo(dkimRecords.get(m.name()));
          assertThat(m.sh("cat /etc/mailpush/tls/fullchain.pem"))
              .isEqualTo(certificates.get(m.name()));
          assertThat(m.sh("readlink /home/alice/.dovecot.sieve; cat /home/alice/sieve/rules.sieve"))
              .contains("sieve/rules.sieve", "zz-sieve");
          String token = Mx.token();
          m.submit(
              "alice",
              ALICE_PASSWORD,
              "alice@a.test",
              "alice@a.test",
              "signed " + token,
              "DKIM after restore");
          byte[] raw = rawMessage(m, token);
          DkimVerifier.Verdict dkim =
              DkimVerifier.verify(
                  raw, "mail._domainkey.a.test", DkimVerifier.txtValue(dkimRecords.get(m.name())));
          assertThat(dkim.valid()).as(m + ": " + dkim.output()).isTrue();
        }

        Map<String, Map<String, Map<String, String>>> once = new LinkedHashMap<>();
        for (Mx fresh0 : mx) {
          Mx m = new Mx(fresh0.suite(), fresh0.name(), fresh0.hostname(), fresh0.host());
          once.put(m.name(), mailboxes(m));
          CliRun again = CliRun.of("restore", inventory.file().toString(), "--limit", m.name());
          assertThat(again.exitCode()).as(again.toString()).isZero();
          assertThat(again.out()).contains("(0 restored)").doesNotContain("DKIM keys restored");
          assertThat(mailboxes(m))
              .as(m + ": a second restore adds nothing")
              .isEqualTo(once.get(m.name()));
        }

        // A backup by the timer that fails (the host's password file no longer matches) is
        // reported by backup --status and by the next deploy, which also puts the password back.
        Mx m = mx.get(1);
        m.sh(
            "echo wrong-password > /etc/mailpush/backup/password; systemctl start mailpush-backup.service");
        CliRun failed =
            CliRun.of("backup", inventory.file().toString(), "--status", "--limit", m.name());
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
        assertThat(failed.out()).contains("last-backup", "(timer)", "FAIL");
        CliRun redeploy = CliRun.of("deploy", inventory.file().toString(), "--limit", m.name());
        assertThat(redeploy.exitCode()).as(redeploy.toString()).isZero();
        assertThat(redeploy.out()).contains("FAILED: the last backup");
        CliRun repaired = CliRun.of("backup", inventory.file().toString(), "--limit", m.name());
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(
                CliRun.of("backup", inventory.file().toString(), "--status", "--limit", m.name())
                    .exitCode())
            .isZero();

        // The sftp login trusts only the backup server's host key from the inventory: a server
        // answering with another key (here: the host keys file now names another key) is refused.
        Mx sftpHost = mx.get(2);
        sftpHost.sh(
            "ssh-keygen -q -t ed25519 -N '' -f /root/impostor && sed -i \"s|ssh-ed25519 [^ ]*|$(cut"
                + " -d' ' -f1,2 /root/impostor.pub)|\" /etc/mailpush/backup/known_hosts");
        CliRun impostor =
            CliRun.of("backup", inventory.file().toString(), "--limit", sftpHost.name());
        assertThat(impostor.exitCode()).as(impostor.toString()).isEqualTo(4);
        assertThat(impostor.out()).contains("FAIL");
        // ssh refused the server: its "host key changed" banner or its last line, as far as restic
        // passed them on (on a loaded machine restic may stop ssh before its words arrive, and then
        // says only that the sftp session did not start); and nothing reached the server.
        assertThat(sftpHost.sh("cat /var/lib/mailpush/backup/err"))
            .containsAnyOf(
                "Host key verification failed",
                "REMOTE HOST IDENTIFICATION HAS CHANGED",
                "subprocess ssh: @@@",
                "unable to start the sftp session");
        assertThat(vault.exec("sh", "-c", "ls /home/restic/mx3/snapshots | wc -l").stdout().strip())
            .as("no snapshot sent to a server with another host key")
            .isEqualTo("1");
        CliRun mended =
            CliRun.of("deploy", inventory.file().toString(), "--limit", sftpHost.name());
        assertThat(mended.exitCode()).as(mended.toString()).isZero();
        assertThat(
                CliRun.of("backup", inventory.file().toString(), "--limit", sftpHost.name())
                    .exitCode())
            .as("the next deploy puts the server's real host key back")
            .isZero();
      }
      log("whole test in %d s", secs(t0));
    } finally {
      docker("volume", "rm", "-f", volume);
    }
  }

  private static TargetHosts start(String volume) {
    List<TargetHost.Builder> builders = new ArrayList<>();
    for (int i = 0; i < SUITES.size(); i++) {
      builders.add(
          TargetHost.builder(SUITES.get(i))
              .publish(PORTS)
              .hostname("mx" + (i + 1) + ".a.test")
              .volume(volume, "/srv/backup"));
    }
    return TargetHosts.start(builders);
  }

  private static List<Mx> mxs(TargetHosts hosts) {
    List<Mx> mx = new ArrayList<>();
    for (int i = 0; i < SUITES.size(); i++) {
      mx.add(new Mx(SUITES.get(i), "mx" + (i + 1), "mx" + (i + 1) + ".a.test", hosts.get(i)));
    }
    return mx;
  }

  /**
   * A second machine as the backup server, reached over sftp by mx3 with a key of its own: a user
   * restic whose authorized key the admin made; the inventory names the key and the server's host
   * key. Returns mx3's [hosts.mx3.backup] lines.
   */
  private String sftpRepository(TargetHost vault) throws Exception {
    vault
        .exec(
            "sh",
            "-c",
            "useradd -m restic && mkdir -p /home/restic/.ssh"
                + " && ssh-keygen -q -t ed25519 -N '' -C mx3-backup -f /root/mx3-key"
                + " && cp /root/mx3-key.pub /home/restic/.ssh/authorized_keys"
                + " && chmod 700 /home/restic/.ssh && chown -R restic: /home/restic/.ssh")
        .requireSuccess("backup server user");
    String ip = vault.exec("hostname", "-I").stdout().strip().split("\\s+")[0];
    Path key = dir.resolve("mx3-backup-key");
    Files.writeString(key, vault.exec("cat", "/root/mx3-key").stdout());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path hosts = dir.resolve("backup-known-hosts");
    Files.writeString(
        hosts, ip + " " + vault.exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub").stdout());
    return String.join(
        "\n",
        "repository = \"sftp:restic@" + ip + ":/home/restic/mx3\"",
        "ssh_key_file = \"" + key + "\"",
        "ssh_known_hosts_file = \"" + hosts + "\"",
        "");
  }

  private static TestInventory inventory(
      Path dir, TargetHosts hosts, Path password, String mx3Sftp) {
    TestInventory.Builder b = TestInventory.builder(dir);
    for (int i = 0; i < hosts.size(); i++) {
      b.host("mx" + (i + 1), "mx" + (i + 1) + ".a.test", hosts.get(i));
    }
    StringBuilder toml = new StringBuilder();
    toml.append(
        String.join(
            "\n",
            "[mail]",
            "server_label = \"mailpush backup e2e\"",
            "enable_antispam = false",
            "enable_spf_check = false",
            "enable_fail2ban = false",
            "virtual_domains = [\"a.test\"]",
            "[mail.virtual_addresses]",
            "\"alice@a.test\" = \"alice\"",
            "\"bob@a.test\" = \"bob\"",
            "[mail.users.alice]",
            "password_hash = \"" + hash(ALICE_PASSWORD) + "\"",
            "[mail.users.bob]",
            "password_hash = \"" + hash(BOB_PASSWORD) + "\"",
            "[mail.shared_mailboxes.team]",
            "users = [\"alice\", \"bob\"]",
            "addresses = [\"team@a.test\"]",
            "[tls]",
            "mode = \"self-signed\"",
            "[backup]",
            "repository = \"/srv/backup/unused\"",
            "password_file = \"" + password + "\"",
            "keep_daily = 3",
            ""));
    for (int i = 1; i < hosts.size(); i++) {
      // One repository per host: a shared one works too, but three hosts pruning at once wait for
      // each other's lock.
      toml.append("[hosts.mx" + i + ".backup]\nrepository = \"/srv/backup/mx" + i + "\"\n");
    }
    toml.append("[hosts.mx" + hosts.size() + ".backup]\n").append(mx3Sftp);
    return b.extraToml(toml.toString()).write();
  }

  private static String hash(String password) {
    return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8));
  }

  /** As a mail client would: five messages into a new folder Archive, three flagged, seven read. */
  private static void organise(Mx m) throws Exception {
    try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
      Folder archive = store.getFolder("Archive");
      if (!archive.exists()) {
        assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
      }
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Message[] all = inbox.getMessages();
      Message[] moved = Arrays.copyOfRange(all, 0, 5);
      inbox.copyMessages(moved, archive);
      inbox.setFlags(moved, new Flags(Flags.Flag.DELETED), true);
      inbox.setFlags(Arrays.copyOfRange(all, 5, 8), new Flags(Flags.Flag.FLAGGED), true);
      inbox.setFlags(Arrays.copyOfRange(all, 6, 13), new Flags(Flags.Flag.SEEN), true);
      inbox.close(true);
      archive.open(Folder.READ_WRITE);
      archive.setFlags(new int[] {1}, new Flags(Flags.Flag.ANSWERED), true);
      archive.close(false);
    }
  }

  /** "user/folder" → Message-ID → its flags (without \Recent), over IMAP for alice and bob. */
  private static Map<String, Map<String, String>> mailboxes(Mx m) throws Exception {
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (String[] user :
        List.of(new String[] {"alice", ALICE_PASSWORD}, new String[] {"bob", BOB_PASSWORD})) {
      try (Store store = Imap.login(m.tls(), m.port(993), user[0], user[1])) {
        for (Folder f : store.getDefaultFolder().list("*")) {
          if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
            continue;
          }
          f.open(Folder.READ_ONLY);
          Map<String, String> messages = new TreeMap<>();
          for (Message msg : f.getMessages()) {
            String[] id = msg.getHeader("Message-ID");
            String previous = messages.put(id == null ? "(none)" : id[0], flags(msg.getFlags()));
            assertThat(previous).as(m + ": a Message-ID twice in " + f.getFullName()).isNull();
          }
          f.close(false);
          all.put(user[0] + "/" + f.getFullName(), messages);
        }
      }
    }
    return all;
  }

  private static String flags(Flags flags) {
    TreeSet<String> names = new TreeSet<>(Arrays.asList(flags.getUserFlags()));
    for (Flags.Flag f : flags.getSystemFlags()) {
      if (f == Flags.Flag.SEEN) names.add("\\Seen");
      if (f == Flags.Flag.FLAGGED) names.add("\\Flagged");
      if (f == Flags.Flag.ANSWERED) names.add("\\Answered");
      if (f == Flags.Flag.DELETED) names.add("\\Deleted");
      if (f == Flags.Flag.DRAFT) names.add("\\Draft");
    }
    return String.join(" ", names);
  }

  private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> m) {
    Map<String, Map<String, String>> c = new TreeMap<>();
    m.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
    return c;
  }

  /** The raw bytes of alice's message whose subject has {@code token}, once delivered. */
  private static byte[] rawMessage(Mx m, String token) throws Exception {
    long deadline = System.nanoTime() + Mx.DELIVERY.toNanos();
    while (System.nanoTime() < deadline) {
      try (Store store = Imap.login(m.tls(), m.port(993), "alice", ALICE_PASSWORD)) {
        var found = Imap.find(store, "INBOX", token);
        if (found.isPresent()) {
          return found.get().raw().getBytes(StandardCharsets.UTF_8);
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError(m + ": the signed message did not arrive\n" + m.diag());
  }

  private static void docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
  }

  private static long secs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[BackupRestoreE2ETest] " + format + "%n", args);
  }
}
