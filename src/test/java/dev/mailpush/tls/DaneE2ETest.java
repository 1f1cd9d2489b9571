package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * DANE end to end. knotd serves three DNSSEC-signed zones: dane.test and wrong.test, whose MX is
 * the same receiving Postfix (a second container) with a TLSA 3 1 1 record that matches its
 * certificate's key (dane.test) or not (wrong.test), and send.test, the zone of the mail host under
 * test (Debian 13), which {@code dns apply} fills. With the host's own resolver (the test image's
 * dnsmasq, which validates nothing: what mailpush did before {@code [resolver]}), Postfix sends to
 * the wrong TLSA anyway. With {@code [resolver] mode = "unbound"} (knotd as forwarder, the zones'
 * keys as trust anchors), Postfix logs "Verified TLS connection" for dane.test and defers the mail
 * for wrong.test. {@code dns apply} publishes the TLSA of the host's ACME certificate key (Pebble)
 * and of its next key; a renewal switches to the next key, whose record was published first.
 */
@RequiresDocker(suites = {"trixie", "bookworm"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaneE2ETest {
  static final String HOSTNAME = "mx.send.test";
  static final String RECEIVER = "mx.dane.test";
  static final String PASSWORD = "dane e2e secret 7Qw";
  static final Duration DELIVERY = Duration.ofSeconds(90);

  @TempDir static Path dir;
  static TargetHost host;
  static TargetHost receiver;
  static KnotServer knot;
  static Pebble pebble;
  static Path keyFile;
  static String receiverKeyHash;
  static TestInventory system;
  static TestInventory validating;
  static String resolvConfBefore;

  @BeforeAll
  static void start() throws Exception {
    receiver = TargetHost.builder("bookworm").hostname(RECEIVER).start();
    Path cert = dir.resolve("receiver-cert.pem");
    Path key = dir.resolve("receiver-key.pem");
    local(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=" + RECEIVER,
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());
    receiverKeyHash = spkiSha256(cert);
    receiver.copyIn(cert, "/etc/ssl/dane-cert.pem");
    receiver.copyIn(key, "/etc/ssl/dane-key.pem");
    CompletableFuture<Void> receiving =
        CompletableFuture.runAsync(
            () ->
                receiver
                    .exec("bash", "-c", RECEIVER_SETUP)
                    .requireSuccess("setting up the receiving Postfix"));

    host = TargetHost.builder("trixie").publish(80).hostname(HOSTNAME).start();
    pebble = Pebble.start(dir.resolve("pebble"), host.mappedPort(80));
    pebble.addA(HOSTNAME, "127.0.0.1");
    String gateway = host.defaultGateway();
    String receiverIp = receiver.exec("hostname", "-I").stdout().strip().split("\\s+")[0];
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = Base64.getEncoder().encodeToString(raw);
    keyFile = dir.resolve("tsig.key");
    Files.writeString(keyFile, secret + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> zones = KnotServer.zones();
    String wrongHash = "0".repeat(64);
    zones.put("dane.test", receivingZone(receiverIp, receiverKeyHash));
    zones.put("wrong.test", receivingZone(receiverIp, wrongHash));
    zones.put("send.test", "");
    knot =
        KnotServer.signedAcceptingUpdates(
            dir.resolve("knot"), zones, zones.keySet(), gateway, "mailpush", secret);
    host.resolveZonesVia(gateway, knot.port(), List.copyOf(zones.keySet()));

    List<String> anchors = new ArrayList<>();
    for (String zone : zones.keySet()) {
      anchors.add("\"" + knot.trustAnchor(zone) + "\"");
    }
    system = inventory("system", "");
    validating =
        inventory(
            "validating",
            String.join(
                "\n",
                "[resolver]",
                "mode = \"unbound\"",
                "forward_to = [\"" + gateway + "@" + knot.port() + "\"]",
                "trust_anchors = [" + String.join(", ", anchors) + "]"));
    receiving.join();
  }

  static final String RECEIVER_SETUP =
      """
      set -e
      export DEBIAN_FRONTEND=noninteractive
      echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
      echo "postfix postfix/mailname string mx.dane.test" | debconf-set-selections
      apt-get update -qq
      apt-get install -y -qq postfix >/dev/null
      chmod 0600 /etc/ssl/dane-key.pem
      useradd -m bob
      postconf -e myhostname=mx.dane.test 'mydestination=dane.test, wrong.test, localhost' \\
        inet_protocols=ipv4 smtpd_tls_security_level=may \\
        smtpd_tls_cert_file=/etc/ssl/dane-cert.pem smtpd_tls_key_file=/etc/ssl/dane-key.pem
      systemctl restart postfix
      postfix status
      """;

  static String receivingZone(String ip, String tlsaHash) {
    return String.join(
        "\n", "@ IN MX 10 mx", "mx IN A " + ip, "_25._tcp.mx IN TLSA 3 1 1 " + tlsaHash);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {knot, pebble, host, receiver}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }

  static TestInventory inventory(String name, String extra) throws IOException {
    String hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
    TestInventory inv =
        TestInventory.builder(dir.resolve(name))
            .host("mx", HOSTNAME, host)
            .extraToml(
                String.join(
                    "\n",
                    "[mail]",
                    "virtual_domains = [\"send.test\"]",
                    "enable_antispam = false",
                    "enable_greylisting = false",
                    "enable_spf_check = false",
                    "enable_dmarc_check = false",
                    "enable_fail2ban = false",
                    "[mail.virtual_addresses]",
                    "\"alice@send.test\" = \"alice\"",
                    "[mail.users.alice]",
                    "password_hash = \"" + hash + "\"",
                    "[tls]",
                    "mode = \"acme\"",
                    "acme_directory = \"" + pebble.directoryUrl() + "\"",
                    "acme_ca_cert = \"" + pebble.httpsCaPem() + "\"",
                    "acme_email = \"postmaster@send.test\"",
                    "acme_accept_terms = true",
                    extra,
                    "[dns]",
                    "server = \"" + knot.resolver() + "\"",
                    "tsig_key_name = \"mailpush\"",
                    "tsig_secret_file = \"" + keyFile + "\""))
            .write();
    return inv;
  }

  @Test
  @Order(1)
  void withoutAValidatingResolverPostfixSendsPastAWrongTlsa() {
    deploy(system);
    String id = send("bob@wrong.test");
    String line = awaitLogLine(id, "status=");
    System.out.println(
        "---- without a validating resolver, to wrong.test:\n" + tlsLines() + "\n" + line);
    assertThat(line).contains("status=sent");
    assertThat(tlsLines()).doesNotContain("Verified TLS connection established to " + "mx.wrong");
  }

  @Test
  @Order(2)
  void withUnboundPostfixVerifiesAMatchingTlsaAndDefersOnAWrongOne() {
    resolvConfBefore = host.exec("cat", "/etc/resolv.conf").stdout();
    // The test image's dnsmasq holds 127.0.0.1:53, where unbound listens on a real host.
    host.exec("systemctl", "stop", "mailpush-test-dns").requireSuccess("stopping dnsmasq");
    deploy(validating);
    assertThat(host.exec("cat", "/etc/resolv.conf").stdout())
        .contains("nameserver 127.0.0.1")
        .contains("trust-ad");
    // Postfix's own probe of the receiving MX, through the host's resolver: what a failure below
    // would need to be understood (DNSSEC-validated MX and TLSA, or why not).
    System.out.println(
        "---- posttls-finger -c -l dane dane.test\n"
            + host.exec(
                    "sh",
                    "-c",
                    "timeout 30 posttls-finger -c -l dane -L summary,dane dane.test 2>&1")
                .stdout());

    String good = send("bob@dane.test");
    String sent = awaitLogLine(good, "status=");
    String verified = grepLog("Verified TLS connection established to " + RECEIVER + "[");
    System.out.println("---- DANE verified:\n" + verified + "\n" + sent);
    assertThat(verified).contains("Verified TLS connection established to mx.dane.test[");
    assertThat(sent).contains("status=sent");

    String bad = send("bob@wrong.test");
    String deferred = awaitLogLine(bad, "status=");
    System.out.println("---- DANE refused:\n" + deferred);
    assertThat(deferred).contains("status=deferred").contains("Server certificate not verified");
    String queueId = deferred.substring(0, deferred.indexOf(':'));
    assertThat(host.exec("postqueue", "-j").stdout())
        .as("the refused message waits in the queue, not lost")
        .contains("\"queue_id\": \"" + queueId + "\"");
  }

  @Test
  @Order(3)
  void dnsApplyPublishesTheTlsaOfTheCurrentAndTheNextKeyAndASecondRunSendsNothing() {
    CliRun check = CliRun.of("dns", "apply", validating.file().toString(), "--check");
    System.out.println("---- mailpush dns apply --check\n" + check.out());
    assertThat(check.out()).contains("_25._tcp." + HOSTNAME + ". 3600 IN TLSA 3 1 1 ");
    long before = knot.updates();
    CliRun first = CliRun.of("dns", "apply", validating.file().toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    long afterFirst = knot.updates();
    assertThat(tlsa()).containsExactlyInAnyOrder(servedKeyHash(), nextKeyHash());
    CliRun again = CliRun.of("dns", "apply", validating.file().toString());
    assertThat(again.out()).contains("every zone is up to date: no update sent");
    assertThat(knot.updates()).isEqualTo(afterFirst);
    System.out.printf(
        "---- knotd: %d update(s) by the first run, %d by the second%n",
        afterFirst - before, knot.updates() - afterFirst);
    CliRun report =
        CliRun.of(
            "dns-report", validating.file().toString(), "--resolver", knot.resolver(), "--json");
    Map<String, String> statuses = new java.util.HashMap<>();
    report.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .forEach(e -> statuses.put(e.path("check").asText(), e.path("status").asText()));
    assertThat(statuses).as(report.out()).containsEntry("dns-tlsa", "ok");
  }

  @Test
  @Order(4)
  void aRenewalSwitchesToTheNextKeyWhoseRecordWasPublishedFirst() {
    String next = nextKeyHash();
    assertThat(tlsa()).contains(next);
    CliRun renew = CliRun.of("certs", validating.file().toString(), "--force");
    assertThat(renew.exitCode()).as(renew.toString()).isZero();
    assertThat(servedKeyHash()).as("the renewed certificate has the next key").isEqualTo(next);
    assertThat(nextKeyHash()).as("a fresh next key").isNotEqualTo(next);
    CliRun apply = CliRun.of("dns", "apply", validating.file().toString());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(tlsa()).containsExactlyInAnyOrder(servedKeyHash(), nextKeyHash());
  }

  @Test
  @Order(5)
  void backToTheSystemsResolverPutsTheHostsResolvConfBackAndStopsUnbound() {
    assertThat(host.exec("test", "-e", "/etc/resolv.conf.mailpush-saved").exitCode()).isZero();
    deploy(system);
    assertThat(host.exec("cat", "/etc/resolv.conf").stdout()).isEqualTo(resolvConfBefore);
    assertThat(host.exec("cat", "/var/spool/postfix/etc/resolv.conf").stdout())
        .isEqualTo(resolvConfBefore);
    assertThat(host.exec("test", "-e", "/etc/resolv.conf.mailpush-saved").exitCode()).isNotZero();
    assertThat(host.exec("systemctl", "is-active", "unbound").stdout().strip())
        .isEqualTo("inactive");
    CliRun again = CliRun.of("deploy", system.file().toString(), "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.recap().get("mx").get("changed").asInt())
        .as("a second deploy has nothing to do\n" + again.out())
        .isZero();
  }

  // ---- helpers

  static void deploy(TestInventory inv) {
    CliRun run = CliRun.of("deploy", inv.file().toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  /** Sends a message from alice on the host; returns its Message-ID's token. */
  static String send(String to) {
    String token = UUID.randomUUID().toString();
    String message =
        "From: alice@send.test\nTo: "
            + to
            + "\nSubject: dane "
            + token
            + "\nMessage-ID: <"
            + token
            + "@send.test>\n\nDANE test\n";
    host.execWithInput(message, "/usr/sbin/sendmail", "-f", "alice@send.test", to);
    return token;
  }

  /**
   * Postfix's delivery line (containing {@code what}) of the message whose Message-ID has token.
   */
  static String awaitLogLine(String token, String what) {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    String queueId = "";
    while (System.nanoTime() < deadline) {
      List<String> log = postfixLog().lines().toList();
      for (String l : log) {
        if (queueId.isEmpty() && l.contains(": message-id=<" + token + "@")) {
          queueId = l.substring(0, l.indexOf(':'));
        }
      }
      for (String l : log) {
        if (!queueId.isEmpty() && l.startsWith(queueId + ": to=") && l.contains(what)) {
          return l;
        }
      }
      sleep(500);
    }
    throw new AssertionError("no '" + what + "' for " + token + " in:\n" + postfixLog());
  }

  static String grepLog(String text) {
    return String.join("\n", postfixLog().lines().filter(l -> l.contains(text)).toList());
  }

  static String tlsLines() {
    return grepLog("TLS connection established");
  }

  static String postfixLog() {
    return host.exec(
            "journalctl",
            "-q",
            "--no-pager",
            "-o",
            "cat",
            "-t",
            "postfix/cleanup",
            "-t",
            "postfix/smtp")
        .stdout();
  }

  static List<String> tlsa() {
    return knot.values("_25._tcp." + HOSTNAME, "TLSA").stream()
        .map(v -> v.replaceFirst("^3 1 1 ", "").toLowerCase())
        .toList();
  }

  static String servedKeyHash() {
    return hostSpkiSha256("openssl x509 -in /etc/mailpush/tls/fullchain.pem -noout -pubkey");
  }

  static String nextKeyHash() {
    return hostSpkiSha256("openssl pkey -in /etc/mailpush/tls/next-privkey.pem -pubout");
  }

  static String hostSpkiSha256(String publicKeyCommand) {
    return host.exec(
            "sh",
            "-c",
            publicKeyCommand + " | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1")
        .requireSuccess(publicKeyCommand)
        .stdout()
        .strip();
  }

  static String spkiSha256(Path cert) throws IOException, InterruptedException {
    return local(
        "sh",
        "-c",
        "openssl x509 -in '"
            + cert
            + "' -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1");
  }

  static String local(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + out);
    }
    return out.strip();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
