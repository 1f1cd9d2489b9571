package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts from the host itself ({@code [alerts]}): one bookworm host deployed with greylisting, a
 * local backup repository and a test blocklist served by knotd (the host's dnsmasq forwards the
 * zone to it). The alert service is started by hand (its timer is stopped after each deploy, so no
 * run of its own interferes), and every mail it sends is read from the postmaster's INBOX over
 * IMAPS: the first all-is-well mail, one mail for four problems broken on the host (a service down,
 * mail on hold, a blocklist listing, a failed backup) with their fixes, no repeat for the same
 * problems, a new mail when the inventory's thresholds make the disk and the certificate problems
 * too, one mail when all is well again, and the weekly all-is-well mail.
 */
@RequiresDocker(suites = "bookworm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsE2ETest {
  static final String HOSTNAME = "mx1.al.test";
  static final String PASSWORD = "Alerts-e2e-secret-4Rk";
  static final String ZONE = "dnsbl.test";
  static final Duration DELIVERY = Duration.ofSeconds(120);

  @TempDir static Path dir;
  static TargetHost host;
  static KnotServer clean;
  static KnotServer listing;
  static String gateway;
  static String hash;
  static Path passwordFile;
  static TestInventory inventory;

  @BeforeAll
  static void deploy() throws Exception {
    host = TargetHost.builder("bookworm").publish(993).hostname(HOSTNAME).start();
    gateway = host.defaultGateway();
    // The same blocklist zone twice: without the host's address, and listing it (127.0.0.2).
    Map<String, String> none = KnotServer.zones();
    none.put(ZONE, "");
    clean = KnotServer.start(dir.resolve("knot-clean"), none, gateway);
    Map<String, String> listed = KnotServer.zones();
    listed.put(ZONE, "1.0.0.127 IN A 127.0.0.2");
    listing = KnotServer.start(dir.resolve("knot-listing"), listed, gateway);
    host.resolveZonesVia(gateway, clean.port(), List.of(ZONE));
    hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
    passwordFile = Files.writeString(dir.resolve("backup-password"), "backup-e2e-pw\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    inventory = inventory("v1", "");
    deployAndStopTimer(inventory);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {clean, listing, host}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }

  static TestInventory inventory(String sub, String alertsExtra) {
    return TestInventory.builder(dir.resolve(sub))
        .host("mx1", HOSTNAME, host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "enable_antispam = false",
                "enable_greylisting = true",
                "enable_spf_check = false",
                "enable_fail2ban = false",
                "virtual_domains = [\"al.test\"]",
                "[mail.virtual_addresses]",
                "\"alice@al.test\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \"" + hash + "\"",
                "[tls]",
                "mode = \"self-signed\"",
                "[backup]",
                "repository = \"/srv/backup/mail\"",
                "password_file = \"" + passwordFile + "\"",
                "schedule = \"off\"",
                "[alerts]",
                "blocklists = [\"" + ZONE + "\"]",
                alertsExtra))
        .write();
  }

  /** Deploys, checks the timer runs, then stops it: the test starts every run itself. */
  static void deployAndStopTimer(TestInventory inv) {
    CliRun run = CliRun.of("deploy", inv.file().toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(
            sh(
                "systemctl is-active mailpush-alert.timer; systemctl is-enabled mailpush-alert.timer"))
        .isEqualTo("active\nenabled\n");
    sh("systemctl stop mailpush-alert.timer");
  }

  static String sh(String script) {
    return host.exec("sh", "-c", script).stdout();
  }

  static void runAlerts() {
    host.exec("systemctl", "start", "mailpush-alert.service")
        .requireSuccess("systemctl start mailpush-alert.service");
  }

  /** A message of the postmaster's INBOX: its subject and whole text. */
  record Mail(String subject, String raw) {}

  static List<Mail> inbox() throws Exception {
    HostTls tls =
        HostTls.trusting(host.exec("cat", "/etc/mailpush/tls/fullchain.pem").stdout(), HOSTNAME);
    try (Store store = Imap.login(tls, host.mappedPort(993), "alice", PASSWORD)) {
      Folder inbox = store.getFolder("INBOX");
      if (!inbox.exists()) {
        return List.of();
      }
      inbox.open(Folder.READ_ONLY);
      try {
        List<Mail> mails = new ArrayList<>();
        for (Message m : inbox.getMessages()) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          m.writeTo(bytes);
          mails.add(
              new Mail(String.valueOf(m.getSubject()), bytes.toString(StandardCharsets.UTF_8)));
        }
        return mails;
      } finally {
        inbox.close(false);
      }
    }
  }

  static List<Mail> matching(Predicate<String> subject) throws Exception {
    return inbox().stream().filter(m -> subject.test(m.subject())).toList();
  }

  /** Waits until {@code count} messages have a matching subject; the newest of them. */
  static Mail awaitMail(Predicate<String> subject, int count) throws Exception {
    long end = System.nanoTime() + DELIVERY.toNanos();
    List<Mail> found = List.of();
    while (System.nanoTime() < end) {
      found = matching(subject);
      if (found.size() >= count) {
        return found.get(found.size() - 1);
      }
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "expected "
            + count
            + " matching mail(s), found "
            + found.size()
            + "; INBOX: "
            + inbox().stream().map(Mail::subject).toList()
            + "\nqueue: "
            + sh("postqueue -p")
            + "\njournal: "
            + sh("journalctl -u mailpush-alert -n 30 --no-pager"));
  }

  /**
   * No alert mail was sent by the last run: the state file is as before, and a marker sent after
   * the run arrives with no new alert mail before it.
   */
  static void assertNoNewAlertMail(int alerts, String stateBefore, String marker) throws Exception {
    assertThat(sh("cat /var/lib/mailpush/alert-state")).isEqualTo(stateBefore);
    sh("printf 'Subject: " + marker + "\\n\\nmarker\\n' | /usr/sbin/sendmail -oi alice");
    awaitMail(s -> s.equals(marker), 1);
    assertThat(matching(s -> s.startsWith("[mailpush] "))).hasSize(alerts);
  }

  static final Predicate<String> ALL_IS_WELL =
      s -> s.equals("[mailpush] " + HOSTNAME + ": all is well");
  static final Predicate<String> PROBLEMS =
      s -> s.matches("\\[mailpush\\] " + HOSTNAME.replace(".", "\\.") + ": \\d+ problems?");

  @Test
  @Order(1)
  void theFirstRunSaysAllIsWellWithEveryCheck() throws Exception {
    assertThat(sh("cat /etc/mailpush/alerts.conf"))
        .contains("postmaster=alice", "units=", "postgrey", "blocklists=" + ZONE, "ipv4=127.0.0.1");
    runAlerts();
    Mail mail = awaitMail(ALL_IS_WELL, 1);
    assertThat(mail.raw())
        .contains(
            "All is well on " + HOSTNAME,
            "service-postgrey",
            "postgrey is running",
            "127.0.0.1 is not listed on " + ZONE,
            "the mail queue is empty",
            "Auto-Submitted: auto-generated");
    assertThat(matching(PROBLEMS)).isEmpty();

    // status reads the timer too: it runs again for that, then stops.
    sh("systemctl start mailpush-alert.timer");
    CliRun status = CliRun.of("status", inventory.file().toString(), "--json");
    sh("systemctl stop mailpush-alert.timer");
    JsonNode alerts =
        status.events().stream()
            .filter(e -> e.path("check").asText().equals("alerts"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alerts check in " + status.out()));
    assertThat(alerts.get("status").asText()).as(alerts.toString()).isEqualTo("ok");
    assertThat(alerts.get("message").asText()).contains("alerts last checked", "last mail");
  }

  @Test
  @Order(2)
  void fourProblemsAreMailedOnceWithTheirFixes() throws Exception {
    // A service down; mail on hold (queued while deliveries were deferred, then held); the host
    // listed on the blocklist; a failed backup (the repository's path is taken by a file).
    sh("systemctl stop postgrey");
    sh(
        "postconf -e 'defer_transports=local lmtp' && postfix reload"
            + " && printf 'Subject: held\\n\\nheld\\n' | /usr/sbin/sendmail -oi alice"
            + " && for i in $(seq 1 60); do postqueue -j | grep -q . && break; sleep 1; done"
            + " && postsuper -h ALL && postconf -e defer_transports= && postfix reload");
    assertThat(sh("postqueue -j")).contains("\"queue_name\": \"hold\"");
    host.resolveZonesVia(gateway, listing.port(), List.of(ZONE));
    sh("mkdir -p /srv/backup && touch /srv/backup/mail; systemctl start mailpush-backup.service");
    assertThat(sh("cat /var/lib/mailpush/backup/last")).contains("result=failed");

    runAlerts();
    Mail mail = awaitMail(PROBLEMS, 1);
    assertThat(mail.subject()).isEqualTo("[mailpush] " + HOSTNAME + ": 4 problems");
    assertThat(mail.raw())
        .contains(
            HOSTNAME + " has 4 problems",
            "service-postgrey: postgrey is inactive",
            "fix: systemctl restart postgrey",
            "queue: 1 message(s) queued",
            "1 on hold",
            "postsuper -H ALL releases held mail",
            "blocklist-" + ZONE + ": 127.0.0.1 is listed on " + ZONE + " (127.0.0.2)",
            "removal form",
            "last-backup: last backup",
            "failed",
            "journalctl -u mailpush-backup");

    // The same problems an hour later: no second mail.
    String state = sh("cat /var/lib/mailpush/alert-state");
    assertThat(state)
        .contains("problems=blocklist-" + ZONE + " last-backup queue service-postgrey");
    runAlerts();
    assertNoNewAlertMail(2, state, "marker-after-same-problems");
  }

  @Test
  @Order(3)
  void thresholdsFromTheInventoryChangeTheProblemsAndSoMailAgain() throws Exception {
    // The self-signed certificate is valid for 825 days; the disk is surely 1 % used. The deploy
    // also starts postgrey again.
    deployAndStopTimer(inventory("v2", "disk_percent = 1\ncertificate_days = 1000"));
    assertThat(sh("cat /etc/mailpush/alerts.conf"))
        .contains("disk_percent=1", "certificate_days=1000");
    runAlerts();
    Mail mail = awaitMail(PROBLEMS, 2);
    assertThat(mail.raw())
        .contains(
            "certificate: the certificate of " + HOSTNAME + " expires in",
            "fix: mailpush certs INVENTORY",
            "disk-/home: /home:",
            "free space on the disk of /home",
            "queue:",
            "blocklist-" + ZONE)
        .doesNotContain("service-postgrey");
  }

  @Test
  @Order(4)
  void allIsWellAgainIsMailedOnce() throws Exception {
    deployAndStopTimer(inventory);
    sh("postsuper -H ALL && postqueue -f");
    long end = System.nanoTime() + DELIVERY.toNanos();
    while (!sh("postqueue -j").isBlank() && System.nanoTime() < end) {
      Thread.sleep(1000);
    }
    assertThat(sh("postqueue -j")).isBlank();
    host.resolveZonesVia(gateway, clean.port(), List.of(ZONE));
    sh("rm -f /srv/backup/mail; systemctl start mailpush-backup.service");
    assertThat(sh("cat /var/lib/mailpush/backup/last")).contains("result=ok");

    runAlerts();
    Predicate<String> again = s -> s.equals("[mailpush] " + HOSTNAME + ": all is well again");
    Mail mail = awaitMail(again, 1);
    assertThat(mail.raw())
        .contains("All is well again on " + HOSTNAME, "no longer a problem", "last-backup");
    int alerts = matching(s -> s.startsWith("[mailpush] ")).size();
    assertThat(alerts).isEqualTo(4);

    String state = sh("cat /var/lib/mailpush/alert-state");
    assertThat(state).contains("problems=\n");
    runAlerts();
    assertNoNewAlertMail(alerts, state, "marker-after-recovery");
  }

  @Test
  @Order(5)
  void theWeeklyMailSaysAllIsWell() throws Exception {
    // A week later, as far as the state file knows.
    sh("sed -i 's/^weekly=.*/weekly=0/' /var/lib/mailpush/alert-state");
    runAlerts();
    Mail mail = awaitMail(ALL_IS_WELL, 2);
    assertThat(mail.raw())
        .contains("This week's report", "service-postfix", "postfix is running", "last-backup");
    assertThat(sh("cat /var/lib/mailpush/alert-state")).doesNotContain("weekly=0\n");
  }
}
