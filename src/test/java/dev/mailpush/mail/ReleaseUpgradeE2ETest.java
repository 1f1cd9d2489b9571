package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.cli.CliRun;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's release upgrade, as an admin does it: a server deployed on Debian 11 with mail is
 * upgraded with {@code apt full-upgrade} to Debian 12, one {@code deploy} brings it back (spamd
 * split out of spamassassin, Postfix's compatibility level); then to Debian 13, where apt stops at
 * dovecot-core (the 2.3 configuration is not valid for 2.4) and one {@code deploy} writes the 2.4
 * configuration, finishes the upgrade and leaves Postfix running (Debian 12's postfix@- unit would
 * take it down); that step is made with {@code mailpush upgrade} (backup, 450 on port 25, apt,
 * deploy, verify). After each step every earlier message is readable over IMAP, new mail arrives on
 * port 25, and a second deploy changes nothing.
 */
@RequiresDocker(suites = {"bullseye"})
class ReleaseUpgradeE2ETest {
  private static final String ALICE_PASSWORD = "Alice-upgrade-test-8Rw";
  private static final int[] PORTS = {25, 465, 587, 143, 993};
  private static final String APT =
      "DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Options::=--force-confdef"
          + " -o Dpkg::Options::=--force-confold";

  @TempDir Path dir;

  @Test
  void debian11To12To13WithOneDeployEach() throws Exception {
    try (TargetHost host =
        TargetHost.builder("bullseye").publish(PORTS).hostname("mx.a.test").start()) {
      Mx mx = new Mx("bullseye", "mx", "mx.a.test", host);
      String inventory = inventory(host).file().toString();
      long t0 = System.nanoTime();
      deploy(inventory, "Debian 11");
      log("Debian 11 deployed in %d s", secs(t0));
      int messages = 0;
      for (int i = 0; i < 5; i++) {
        mx.sendOn25("friend@outside.test", "alice@a.test", "on Debian 11 #" + i, "kept");
      }
      messages += 5;
      awaitImap(mx, "on Debian 11", 5);

      for (String[] step :
          new String[][] {{"bullseye", "bookworm", "12"}, {"bookworm", "trixie", "13"}}) {
        long tu = System.nanoTime();
        if (step[2].equals("12")) {
          // By hand, as the README's procedure says.
          TargetHost.Result upgrade =
              host.exec(
                  "sh",
                  "-c",
                  "sed -i s/"
                      + step[0]
                      + "/"
                      + step[1]
                      + "/g /etc/apt/sources.list && apt-get update -q"
                      + " >/dev/null && "
                      + APT
                      + " full-upgrade 2>&1 | tail -n 5");
          log(
              "apt full-upgrade to Debian %s: exit %d in %d s%n%s",
              step[2], upgrade.exitCode(), secs(tu), upgrade.stdout());
          assertThat(mx.sh(". /etc/os-release; echo $VERSION_ID").strip()).isEqualTo(step[2]);
          long td = System.nanoTime();
          deploy(inventory, "Debian " + step[2]);
          log("deploy on Debian %s in %d s", step[2], secs(td));
        } else {
          // With mailpush upgrade: backup, 450 on port 25, apt, deploy, verify.
          Path ca = dir.resolve("ca.pem");
          Files.writeString(ca, mx.sh("cat /etc/mailpush/tls/fullchain.pem"));
          StringBuilder map = new StringBuilder();
          for (int p : PORTS) {
            map.append(map.length() == 0 ? "" : ",").append(p).append('=').append(mx.port(p));
          }
          CliRun upgrade =
              CliRun.of(
                  "upgrade",
                  inventory,
                  "--limit",
                  "mx",
                  "--connect",
                  "127.0.0.1",
                  "--port-map",
                  map.toString(),
                  "--ca-file",
                  ca.toString());
          log(
              "mailpush upgrade to Debian %s: exit %d in %d s%n%s",
              step[2], upgrade.exitCode(), secs(tu), upgrade.out());
          assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
          assertThat(upgrade.out())
              .contains(
                  "Debian bookworm -> trixie",
                  "snapshot ",
                  "port 25 answers 450",
                  "apt full-upgrade to trixie",
                  "port 25 accepts mail again",
                  "verify: every check passes");
          assertThat(mx.sh(". /etc/os-release; echo $VERSION_ID").strip()).isEqualTo(step[2]);
          CliRun newest = CliRun.of("upgrade", inventory, "--limit", "mx");
          assertThat(newest.exitCode()).as(newest.toString()).isZero();
          assertThat(newest.out()).contains("Debian trixie: the newest release");
        }
        assertThat(mx.sh("dpkg --audit; apt-get -s full-upgrade | grep -c '^Inst' || true").strip())
            .as("the upgrade is complete")
            .isEqualTo("0");
        assertThat(mx.sh("systemctl is-active postfix dovecot opendkim spamd 2>&1"))
            .as("Debian " + step[2] + " services")
            .isEqualTo("active\nactive\nactive\nactive\n");
        CliRun again = CliRun.of("deploy", inventory, "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.recap().get("mx").path("changed").asInt())
            .as("a second deploy on Debian " + step[2] + ": " + again.out())
            .isZero();
        for (int i = 0; i < 3; i++) {
          mx.sendOn25(
              "friend@outside.test", "alice@a.test", "on Debian " + step[2] + " #" + i, "new");
        }
        messages += 3;
        awaitImap(mx, "on Debian " + step[2], 3);
        assertThat(mx.count("alice", ALICE_PASSWORD, "INBOX", "on Debian"))
            .as("every message since Debian 11")
            .isEqualTo(messages);
      }
      log("whole upgrade path in %d s", secs(t0));
    }
  }

  private static void deploy(String inventory, String where) {
    CliRun deploy = CliRun.of("deploy", inventory);
    assertThat(deploy.exitCode()).as(where + ": " + deploy).isZero();
  }

  /** Fresh TLS trust each time: every deploy may have been on another release's OpenSSL. */
  private static void awaitImap(Mx mx, String token, int n) throws Exception {
    long deadline = System.nanoTime() + Mx.DELIVERY.toNanos();
    int have = 0;
    while (System.nanoTime() < deadline) {
      have = mx.count("alice", ALICE_PASSWORD, "INBOX", token);
      if (have >= n) {
        assertThat(have).isEqualTo(n);
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(have + " of " + n + " '" + token + "' messages\n" + mx.diag());
  }

  private TestInventory inventory(TargetHost host) throws IOException {
    Path password = dir.resolve("backup-password");
    Files.writeString(password, "restic-upgrade-test\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    return TestInventory.builder(dir)
        .host("mx", "mx.a.test", host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "server_label = \"mailpush upgrade e2e\"",
                "enable_spf_check = false",
                "virtual_domains = [\"a.test\"]",
                "[mail.virtual_addresses]",
                "\"alice@a.test\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \""
                    + Sha2Crypt.sha512Crypt(ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8))
                    + "\"",
                "[tls]",
                "mode = \"self-signed\"",
                "[backup]",
                "repository = \"/srv/backup/mx\"",
                "password_file = \"" + password + "\""))
        .write();
  }

  private static long secs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[ReleaseUpgradeE2ETest] " + format + "%n", args);
  }
}
