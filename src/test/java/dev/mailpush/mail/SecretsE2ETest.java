package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets during a real deploy: the sudo password, the users' password hashes, the private keys
 * made on the host (DKIM, TLS), the backup password, the backup backend's credentials, the sftp key
 * and the smarthost's password must never appear in any process's command line, on the admin
 * machine or on the host, nor in the host's logs, the admin-side state directory, {@code --diff} or
 * {@code --json} output.
 *
 * <p>One bookworm host whose SSH user ({@value TargetHost#PWADMIN}) needs a password for sudo. Its
 * password is replaced by a random one (set over {@code docker exec -i} stdin, so not even this
 * test puts it on a command line, and no other test on this machine can have it). mailpush runs in
 * its own JVM with the password in {@code MAILPUSH_BECOME_PASSWORD}: one full deploy, a message
 * through the smarthost ({@link SmarthostRelay}, a second container that relays only after AUTH
 * over TLS), {@code verify --json} (which logs in to the relay from the host), {@code backup} and
 * {@code backup --status --json}, then {@code deploy --check --diff} (human and JSON) after the
 * user's hash changed. Afterwards a wrong relay password: the next message stays in the host's
 * queue, the relay gets nothing, and verify says the relay refused the login; then the right
 * password with a ca_file that did not sign the relay's certificate (an impostor, to the host): no
 * login is offered at all, the message still waits, and verify says the certificate is not trusted.
 * Files on the host that any user may read are scanned too. Throughout, two pollers sample every
 * process's command line at about 20 Hz: one inside the host ({@code ps}), one on this machine
 * ({@link ProcessHandle} and {@code /proc/PID/cmdline}, which also show the container's processes).
 * Both must prove they saw mailpush's own {@code sudo -S} commands, and the scan must find the
 * canaries the test plants itself (a host process and journal line, a local process).
 */
@RequiresDocker(suites = "bookworm")
class SecretsE2ETest {
  private static final String DOMAIN = "s.test";
  private static final String HOSTNAME = "mx.s.test";
  private static final String SUDO_MARKER = "sudo -k -S -p ";
  private static final String CANARY_HOST = "canary-host-" + UUID.randomUUID();
  private static final String CANARY_ADMIN = "canary-admin-" + UUID.randomUUID();
  private static final String RELAY_USER = "mx@" + DOMAIN;

  @TempDir Path dir;

  @Test
  void noSecretOnACommandLineInLogsDiffOrJson() throws Exception {
    String sudoPassword = "sudo-" + UUID.randomUUID();
    String backupPassword = "restic-" + UUID.randomUUID();
    String backupCredential = "s3-secret-" + UUID.randomUUID();
    String relayPassword = "relay-" + UUID.randomUUID();
    Path relayPasswordFile = secretFile(dir.resolve("relay-password"), relayPassword + "\n");
    Path backupPasswordFile = secretFile(dir.resolve("backup-password"), backupPassword + "\n");
    Path backupEnvironment =
        secretFile(
            dir.resolve("backup-env"),
            "# credentials of the repository's backend\nAWS_SECRET_ACCESS_KEY="
                + backupCredential
                + "\n");
    String hash1 =
        Sha2Crypt.sha512Crypt(("first-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    String hash2 =
        Sha2Crypt.sha512Crypt(("second-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    Path state = dir.resolve("state");
    Map<String, String> env =
        Map.of("MAILPUSH_BECOME_PASSWORD", sudoPassword, "MAILPUSH_STATE_DIR", state.toString());

    CompletableFuture<SmarthostRelay> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SmarthostRelay.start(RELAY_USER, relayPassword);
              } catch (Exception e) {
                throw new IllegalStateException("the relay did not start", e);
              }
            });
    try (TargetHost host =
            TargetHost.builder("bookworm").withPasswordSudoUser().hostname(HOSTNAME).start();
        SmarthostRelay relay = starting.get(10, TimeUnit.MINUTES)) {
      // Through chpasswd's stdin: the password is on no command line, not even here.
      host.execWithInput(TargetHost.PWADMIN + ":" + sudoPassword + "\n", "chpasswd");
      host.exec(
              "sh",
              "-c",
              "echo \"$1 " + SmarthostRelay.NAME + "\" >> /etc/hosts",
              "sh",
              relay.address())
          .requireSuccess("the relay's name on the mail host");
      Path relayCa = secretFile(dir.resolve("relay-ca.pem"), relay.caPem());
      // The repository over sftp, on the host itself (user restic), with a key from the inventory.
      host.exec(
              "sh",
              "-c",
              "useradd -m restic && mkdir -p /home/restic/.ssh"
                  + " && ssh-keygen -q -t ed25519 -N '' -f /root/backup-key"
                  + " && cp /root/backup-key.pub /home/restic/.ssh/authorized_keys"
                  + " && chmod 700 /home/restic/.ssh && chown -R restic: /home/restic/.ssh")
          .requireSuccess("sftp backup user");
      String sftpKey = host.exec("cat", "/root/backup-key").stdout();
      host.exec("rm", "/root/backup-key");
      Path backupKey = secretFile(dir.resolve("backup-key"), sftpKey);
      Path knownHosts =
          secretFile(
              dir.resolve("backup-known-hosts"),
              "127.0.0.1 " + host.exec("cat", "/etc/ssh/ssh_host_ed25519_key.pub").stdout());
      Path inventory =
          inventory(
              host,
              hash1,
              List.of(backupPasswordFile, backupEnvironment, backupKey, knownHosts),
              relayPasswordFile,
              relayCa);

      HostPoller hostPoller = new HostPoller(host);
      AdminPoller adminPoller = new AdminPoller();
      CliRun deploy;
      CliRun verify;
      String relayed;
      CliRun backup;
      CliRun backupStatus;
      CliRun checkHuman;
      CliRun checkJson;
      CompletableFuture<TargetHost.Result> hostCanary = null;
      Process adminCanary = null;
      long t0 = System.nanoTime();
      long polled;
      try {
        hostPoller.start();
        adminPoller.start();
        // Positive controls: strings this test itself puts where the scan looks, which it must
        // find.
        hostCanary =
            CompletableFuture.supplyAsync(
                () ->
                    host.exec(
                        "sh",
                        "-c",
                        "logger -t mailpush-canary \"$1\"; sleep 3",
                        "sh",
                        CANARY_HOST));
        adminCanary = new ProcessBuilder("sh", "-c", "sleep 3", "sh", CANARY_ADMIN).start();
        deploy =
            CliRun.inNewJvm(
                env, dir.resolve("run-deploy"), "deploy", inventory.toString(), "--json");
        log("deploy: exit %d in %d s", deploy.exitCode(), secs(t0));
        relayed = sendThroughRelay(host, relay, "first");
        verify =
            CliRun.inNewJvm(
                env, dir.resolve("run-verify"), "verify", inventory.toString(), "--json");
        backup = CliRun.inNewJvm(env, dir.resolve("run-backup"), "backup", inventory.toString());
        backupStatus =
            CliRun.inNewJvm(
                env,
                dir.resolve("run-backup-status"),
                "backup",
                inventory.toString(),
                "--status",
                "--json");
        Files.writeString(inventory, Files.readString(inventory).replace(hash1, hash2));
        checkHuman =
            CliRun.inNewJvm(
                env, dir.resolve("run-check"), "deploy", inventory.toString(), "--check", "--diff");
        checkJson =
            CliRun.inNewJvm(
                env,
                dir.resolve("run-check-json"),
                "deploy",
                inventory.toString(),
                "--check",
                "--diff",
                "--json");
      } finally {
        if (hostCanary != null) {
          hostCanary.get(60, TimeUnit.SECONDS);
        }
        if (adminCanary != null) {
          adminCanary.waitFor(60, TimeUnit.SECONDS);
        }
        adminPoller.stop();
        hostPoller.stop();
        polled = Math.max(1, secs(t0));
      }
      String hostSeen = hostPoller.result();

      // The runs did what they should: a deploy that converged, and a check that shows the password
      // change.
      assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
      JsonNode recap = deploy.recap().get("mx");
      assertThat(recap.path("failed").asInt()).as(deploy.toString()).isZero();
      assertThat(recap.path("changed").asInt()).isGreaterThan(10);
      // The relay got our message, and only after our login over TLS; verify logged in too.
      assertThat(relayed)
          .as("bob's mailbox on the relay")
          .contains("Subject: via the smarthost first");
      assertThat(relay.log())
          .as("the relay's log")
          .containsPattern(
              "postfix/smtpd.*: client=.*sasl_method=PLAIN, sasl_username=" + RELAY_USER)
          .containsPattern("postfix/smtpd.*ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1");
      assertThat(relayCheck(verify))
          .as(verify.toString())
          .startsWith(
              "ok: the relay [" + SmarthostRelay.NAME + "]:587 accepts our login as " + RELAY_USER);
      assertThat(
              host.exec(
                      "stat",
                      "-c",
                      "%a %U",
                      "/etc/postfix/sasl_passwd",
                      "/etc/postfix/sasl_passwd.lmdb")
                  .stdout())
          .isEqualTo("600 root\n600 root\n");
      assertThat(backup.exitCode()).as(backup.toString()).isZero();
      assertThat(backup.out()).contains("snapshot ");
      assertThat(backupStatus.exitCode()).as(backupStatus.toString()).isZero();
      assertThat(host.exec("stat", "-c", "%a %U", "/etc/mailpush/backup/password").stdout())
          .isEqualTo("600 root\n");
      assertThat(checkHuman.exitCode()).as(checkHuman.toString()).isZero();
      assertThat(checkHuman.out()).contains("set password of alice");
      assertThat(checkJson.exitCode()).as(checkJson.toString()).isZero();
      assertThat(checkJson.out()).contains("set password of alice");
      assertThat(checkJson.recap().get("mx").path("changed").asInt()).isEqualTo(1);

      // The pollers worked: many samples, and both caught mailpush's own sudo reading its password
      // from stdin.
      assertThat(hostPoller.ticks()).as("host samples").isGreaterThan(200);
      assertThat(hostSeen).as("the host poller saw the deploy's sudo").contains(SUDO_MARKER);
      assertThat(adminPoller.samples.get()).as("admin samples").isGreaterThan(200);
      assertThat(adminPoller.lines)
          .as("the admin poller saw the mailpush JVM")
          .anyMatch(l -> l.contains("dev.mailpush.cli.Main") && l.contains("deploy"));
      assertThat(adminPoller.lines)
          .as("the admin poller saw the host's sudo (containers share this kernel)")
          .anyMatch(l -> l.contains(SUDO_MARKER));

      // What to look for: the secrets mailpush handled, and the private keys it made on the host.
      Map<String, List<String>> secrets = new LinkedHashMap<>();
      secrets.put("sudo password", List.of(sudoPassword));
      secrets.put("password hash (deployed)", hashChunks(hash1));
      secrets.put("backup password", List.of(backupPassword));
      secrets.put("backup backend credential", List.of(backupCredential));
      secrets.put("backup sftp key (ed25519)", shortKeyChunks(sftpKey));
      secrets.put("relay password", List.of(relayPassword));
      secrets.put("password hash (changed, shown by --check --diff)", hashChunks(hash2));
      secrets.put(
          "DKIM private key",
          keyChunks(
              host.exec("cat", "/etc/opendkim/keys/" + DOMAIN + "/mail.private")
                  .requireSuccess("reading the DKIM key")
                  .stdout()));
      secrets.put(
          "TLS private key",
          keyChunks(
              host.exec("cat", "/etc/mailpush/tls/privkey.pem")
                  .requireSuccess("reading the TLS key")
                  .stdout()));

      Map<String, String> haystacks = new LinkedHashMap<>();
      haystacks.put("deploy --json stdout", deploy.out());
      haystacks.put("deploy --json stderr", deploy.err());
      haystacks.put("verify --json stdout", verify.out());
      haystacks.put("verify --json stderr", verify.err());
      haystacks.put("backup stdout", backup.out());
      haystacks.put("backup stderr", backup.err());
      haystacks.put("backup --status --json stdout", backupStatus.out());
      haystacks.put("backup --status --json stderr", backupStatus.err());
      haystacks.put("deploy --check --diff stdout", checkHuman.out());
      haystacks.put("deploy --check --diff stderr", checkHuman.err());
      haystacks.put("deploy --check --diff --json stdout", checkJson.out());
      haystacks.put("deploy --check --diff --json stderr", checkJson.err());
      haystacks.put("host command lines (ps)", hostSeen);
      haystacks.put("admin command lines (/proc)", String.join("\n", adminPoller.lines));
      haystacks.put(
          "host journal (journalctl -b -o verbose)",
          host.exec("journalctl", "--no-pager", "-b", "-o", "verbose").stdout());
      haystacks.put(
          "host /var/log (every file)",
          host.exec("sh", "-c", "find /var/log -type f -print0 | xargs -0 cat").stdout());
      haystacks.put("admin state directory", readTree(state));
      haystacks.put(
          "host files any user may read (/etc /var /usr/local /srv /tmp /home)",
          host.exec(
                  "sh",
                  "-c",
                  "find /etc /var /usr/local /srv /tmp /home -xdev -type f -perm -004 -size -2M"
                      + " -print0 2>/dev/null | xargs -0 cat 2>/dev/null")
              .stdout());

      long bytes = 0;
      List<String> found = new ArrayList<>();
      for (Map.Entry<String, String> h : haystacks.entrySet()) {
        String text = h.getValue();
        String squashed = squash(text);
        bytes += text.length();
        secrets.forEach(
            (what, needles) -> {
              for (String needle : needles) {
                if (text.contains(needle) || squashed.contains(needle)) {
                  found.add(what + " in " + h.getKey());
                }
              }
            });
      }
      // The scan finds what is there: the host canary on the host's and this machine's process
      // lists and in the
      // journal, this machine's canary on its process list.
      Map<String, List<String>> canaries = new LinkedHashMap<>();
      for (String canary : List.of(CANARY_HOST, CANARY_ADMIN)) {
        canaries.put(
            canary,
            haystacks.entrySet().stream()
                .filter(h -> h.getValue().contains(canary))
                .map(Map.Entry::getKey)
                .toList());
      }
      log(
          "canaries found in: host %s; admin %s",
          canaries.get(CANARY_HOST), canaries.get(CANARY_ADMIN));
      assertThat(canaries.get(CANARY_HOST))
          .contains(
              "host command lines (ps)",
              "admin command lines (/proc)",
              "host journal (journalctl -b -o verbose)");
      assertThat(canaries.get(CANARY_ADMIN)).contains("admin command lines (/proc)");

      log(
          "secrets scan over %d s: %d host samples (%.1f Hz, %d distinct command lines), %d admin samples (%.1f Hz,"
              + " %d command lines read, %d distinct), %d characters scanned in %d sources for %d secrets: %d found",
          polled,
          hostPoller.ticks(),
          hostPoller.ticks() / (double) polled,
          hostSeen.lines().count(),
          adminPoller.samples.get(),
          adminPoller.samples.get() / (double) polled,
          adminPoller.processes.get(),
          adminPoller.lines.size(),
          bytes,
          haystacks.size(),
          secrets.size(),
          found.size());
      haystacks.forEach((k, v) -> log("  %-45s %,12d characters", k, v.length()));
      assertThat(found).as("secrets found").isEmpty();

      // A wrong relay password: the message waits in our queue, the relay gets nothing, and verify
      // says the relay refused the login.
      secretFile(relayPasswordFile, "wrong-" + relayPassword + "\n");
      CliRun redeploy =
          CliRun.inNewJvm(env, dir.resolve("run-redeploy"), "deploy", inventory.toString());
      assertThat(redeploy.exitCode()).as(redeploy.toString()).isZero();
      String marker = "Subject: via the smarthost second";
      host.exec("sh", "-c", sendmail("second")).requireSuccess("sendmail");
      String queue = awaitQueue(host, "authentication failed");
      log("queue with the wrong relay password: %s", queue);
      assertThat(queue).contains("SASL authentication failed", "bob@" + SmarthostRelay.OUTSIDE);
      assertThat(relay.mailbox("bob", marker, Duration.ofSeconds(2))).doesNotContain(marker);
      CliRun reverify =
          CliRun.inNewJvm(
              env, dir.resolve("run-reverify"), "verify", inventory.toString(), "--json");
      assertThat(relayCheck(reverify))
          .as(reverify.toString())
          .startsWith(
              "fail: the relay ["
                  + SmarthostRelay.NAME
                  + "]:587 refused our login as "
                  + RELAY_USER);
      assertThat(reverify.out() + reverify.err()).doesNotContain(relayPassword);

      // The right password, and a ca_file that did not sign the relay's certificate: to the host,
      // an impostor. The password is not offered (no new login at the relay), the message waits,
      // and verify says why.
      secretFile(relayPasswordFile, relayPassword + "\n");
      Files.writeString(relayCa, relay.unrelatedCaPem());
      long loginsBefore = relay.logins();
      CliRun impostor =
          CliRun.inNewJvm(env, dir.resolve("run-impostor"), "deploy", inventory.toString());
      assertThat(impostor.exitCode()).as(impostor.toString()).isZero();
      host.exec("postqueue", "-f").requireSuccess("flushing the queue");
      queue = awaitQueue(host, "Server certificate not verified");
      log("queue with an unrelated relay CA: %s", queue);
      assertThat(queue).contains("Server certificate not verified");
      CliRun untrusted =
          CliRun.inNewJvm(
              env, dir.resolve("run-untrusted"), "verify", inventory.toString(), "--json");
      assertThat(relayCheck(untrusted))
          .as(untrusted.toString())
          .startsWith(
              "fail: the certificate of the relay ["
                  + SmarthostRelay.NAME
                  + "]:587 is not trusted");
      assertThat(relay.logins()).as("logins at the relay").isEqualTo(loginsBefore);
      assertThat(relay.mailbox("bob", marker, Duration.ofSeconds(1))).doesNotContain(marker);
    }
  }

  /** The host's queue (postqueue -p) once it mentions {@code text}, or after a minute. */
  private static String awaitQueue(TargetHost host, String text) throws InterruptedException {
    String queue = host.exec("postqueue", "-p").stdout();
    for (int i = 0; i < 120 && !queue.contains(text); i++) {
      Thread.sleep(500);
      queue = host.exec("postqueue", "-p").stdout();
    }
    return queue;
  }

  /** Mails bob at the outside domain from the host (sendmail), and waits for it at the relay. */
  private static String sendThroughRelay(TargetHost host, SmarthostRelay relay, String tag)
      throws InterruptedException {
    host.exec("sh", "-c", sendmail(tag)).requireSuccess("sendmail");
    return relay.mailbox("bob", "Subject: via the smarthost " + tag, Duration.ofSeconds(90));
  }

  private static String sendmail(String tag) {
    return "printf 'From: alice@"
        + DOMAIN
        + "\\nTo: bob@"
        + SmarthostRelay.OUTSIDE
        + "\\nSubject: via the smarthost "
        + tag
        + "\\n\\nhello\\n' | /usr/sbin/sendmail -f alice@"
        + DOMAIN
        + " bob@"
        + SmarthostRelay.OUTSIDE;
  }

  /** verify's relay check as "status: message". */
  private static String relayCheck(CliRun verify) {
    return verify.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .filter(e -> e.path("check").asText().equals("relay"))
        .map(e -> e.path("status").asText() + ": " + e.path("message").asText())
        .findFirst()
        .orElse("no relay check");
  }

  private static Path secretFile(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** {@code backup}: its password file, environment file, sftp key and known hosts. */
  private Path inventory(
      TargetHost host, String hash, List<Path> backup, Path relayPassword, Path relayCa) {
    return TestInventory.builder(dir.resolve("inventory"))
        .user(TargetHost.PWADMIN)
        .host("mx", HOSTNAME, host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "server_label = \"mailpush secrets e2e\"",
                // Off: SPF needs real DNS (network rule); SpamAssassin adds minutes and no secret.
                "enable_antispam = false",
                "enable_spf_check = false",
                "enable_fail2ban = false",
                "virtual_domains = [\"" + DOMAIN + "\"]",
                "[mail.virtual_addresses]",
                "\"alice@" + DOMAIN + "\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \"" + hash + "\"",
                "[tls]",
                "mode = \"self-signed\"",
                "[backup]",
                "repository = \"sftp:restic@127.0.0.1:/home/restic/mail\"",
                "password_file = \"" + backup.get(0) + "\"",
                "environment_file = \"" + backup.get(1) + "\"",
                "ssh_key_file = \"" + backup.get(2) + "\"",
                "ssh_known_hosts_file = \"" + backup.get(3) + "\"",
                "[mail.relay]",
                "host = \"" + SmarthostRelay.NAME + "\"",
                "user = \"" + RELAY_USER + "\"",
                "password_file = \"" + relayPassword + "\"",
                "ca_file = \"" + relayCa + "\""))
        .write()
        .file();
  }

  /** The whole hash and, in case one is cut short or split, its salt part and its digest's end. */
  private static List<String> hashChunks(String hash) {
    return List.of(hash, hash.substring(0, 30), hash.substring(hash.length() - 30));
  }

  /**
   * Three 32-character pieces of a PEM key's base64 body, searched with line breaks squashed out.
   */
  private static List<String> keyChunks(String pem) {
    String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    assertThat(body.length()).as("key body").isGreaterThan(1000);
    return List.of(
        body.substring(100, 132),
        body.substring(body.length() / 2, body.length() / 2 + 32),
        body.substring(body.length() - 200, body.length() - 168));
  }

  /** The same for a short key (ed25519): three 24-character pieces of its private part. */
  private static List<String> shortKeyChunks(String pem) {
    String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    assertThat(body.length()).as("key body").isGreaterThan(300);
    return List.of(
        body.substring(body.length() - 180, body.length() - 156),
        body.substring(body.length() - 140, body.length() - 116),
        body.substring(body.length() - 100, body.length() - 76));
  }

  /**
   * The text without whitespace and JSON/C line-break escapes, so a re-wrapped key still matches.
   */
  private static String squash(String text) {
    return text.replace("\\n", "").replace("\\r", "").replaceAll("\\s+", "");
  }

  private static String readTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return "";
    }
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return all.toString();
  }

  private static long secs(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toSeconds();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[secrets] " + format + "%n", args);
  }

  /**
   * Samples every process's command line inside the host at ~20 Hz (one {@code docker exec} running
   * a loop) and prints each distinct line once with its count; {@code @@tick} counts the samples.
   */
  private static final class HostPoller {
    private static final String SCRIPT =
        String.join(
            "\n",
            "touch \"$2\"",
            "n=0",
            "while [ ! -e \"$1\" ] && [ \"$n\" -lt 12000 ]; do",
            "  echo @@tick",
            "  ps -e -ww -o args=",
            "  n=$((n + 1))",
            "  sleep 0.05",
            "done | sort | uniq -c");
    private final TargetHost host;
    private final String stop = "/run/mailpush-secrets-poll-" + UUID.randomUUID() + ".stop";
    private CompletableFuture<TargetHost.Result> run;
    private String seen;

    HostPoller(TargetHost host) {
      this.host = host;
    }

    void start() throws InterruptedException {
      String ready = stop.replace(".stop", ".ready");
      run =
          CompletableFuture.supplyAsync(() -> host.exec("sh", "-c", SCRIPT, "poller", stop, ready));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (host.exec("test", "-e", ready).exitCode() != 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the host's process poller did not start");
        }
        Thread.sleep(50);
      }
    }

    void stop() throws Exception {
      host.exec("touch", stop);
      TargetHost.Result r = run.get(60, TimeUnit.SECONDS);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      seen = r.stdout();
    }

    String result() {
      return seen;
    }

    long ticks() {
      return seen.lines()
          .filter(l -> l.endsWith(" @@tick"))
          .mapToLong(l -> Long.parseLong(l.strip().split(" ")[0]))
          .findFirst()
          .orElse(0);
    }
  }

  /**
   * Samples this machine's processes at ~20 Hz: {@link ProcessHandle#allProcesses()} and every
   * readable {@code /proc/PID/cmdline} (arguments joined by spaces), keeping each distinct command
   * line.
   */
  private static final class AdminPoller {
    final Set<String> lines = ConcurrentHashMap.newKeySet();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong processes = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::loop, "admin-process-poller");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    private void loop() {
      while (running.get()) {
        long next = System.nanoTime() + 50_000_000L;
        // ProcessHandle reads more than the command line per process: every 4th sample keeps ~20 Hz
        // on 2 cores.
        if (samples.get() % 4 == 0) {
          ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(lines::add));
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
          procs
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .forEach(
                  p -> {
                    try {
                      byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                      if (raw.length > 0) {
                        lines.add(
                            new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
                        processes.incrementAndGet();
                      }
                    } catch (IOException e) {
                      // gone since the listing, or not readable: nothing to see
                    }
                  });
        } catch (IOException e) {
          // no /proc (not Linux): ProcessHandle alone
        }
        samples.incrementAndGet();
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }
}
