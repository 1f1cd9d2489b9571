package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME end to end: Pebble on loopback validates HTTP-01 against a real Debian host whose port 80 is
 * published on Pebble's httpPort; mailpush deploys the mail server with tls.mode = "acme", renews,
 * forces, fails clearly, and answers from a web server's webroot. Clients trust only Pebble's root.
 */
@RequiresDocker(suites = {"bookworm"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeE2ETest {
  static final String HOSTNAME = "mx.acme.test";
  static final String FULLCHAIN = "/etc/mailpush/tls/fullchain.pem";
  static final String PRIVKEY = "/etc/mailpush/tls/privkey.pem";
  static final Instant START = Instant.now();

  @TempDir static Path dir;
  static TargetHost host;
  static Pebble pebble;
  static TestInventory standalone;
  static TestInventory webroot;
  static TestInventory elsewhere;
  static TestInventory busy;

  /** Every private key the host had: none of them may appear on this machine. */
  static final List<String> HOST_KEYS = new ArrayList<>();

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    host = TargetHost.builder("bookworm").publish(80, 25, 465, 587, 993).hostname(HOSTNAME).start();
    pebble = Pebble.start(dir.resolve("pebble"), host.mappedPort(80));
    pebble.addA(HOSTNAME, "127.0.0.1");
    // A name that resolves where nothing answers: the challenge fails there.
    pebble.addA("elsewhere.acme.test", "127.0.0.2");
    // Pebble reuses valid authorizations (half the time): a name of its own makes sure a challenge
    // is needed.
    pebble.addA("busy.acme.test", "127.0.0.1");
    pebble.addA("web.acme.test", "127.0.0.1");
    standalone = inventory("standalone", HOSTNAME, "challenge = \"standalone\"");
    busy = inventory("busy", "busy.acme.test", "challenge = \"standalone\"");
    webroot =
        inventory(
            "webroot", "web.acme.test", "challenge = \"webroot\"\nwebroot = \"/var/www/html\"");
    elsewhere = inventory("elsewhere", "elsewhere.acme.test", "challenge = \"standalone\"");
    log("target and pebble up in %ds", secs(t0));
  }

  @AfterAll
  static void stop() {
    if (pebble != null) {
      pebble.close();
    }
    if (host != null) {
      host.close();
    }
  }

  static TestInventory inventory(String name, String hostname, String challenge) {
    return TestInventory.builder(dir.resolve(name))
        .host("mx", hostname, host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "virtual_domains = [\"acme.test\"]",
                "enable_antispam = false",
                "enable_greylisting = false",
                "[mail.virtual_addresses]",
                "\"postmaster@acme.test\" = \"root\"",
                "[tls]",
                "mode = \"acme\"",
                "acme_directory = \"" + pebble.directoryUrl() + "\"",
                "acme_ca_cert = \"" + pebble.httpsCaPem() + "\"",
                "acme_email = \"postmaster@acme.test\"",
                "acme_accept_terms = true",
                challenge))
        .write();
  }

  @Test
  @Order(1)
  void deployIssuesACertificateThatMailClientsTrustingOnlyPebbleAccept() throws Exception {
    long t0 = System.nanoTime();
    CliRun run = CliRun.of("deploy", standalone.file().toString(), "--json");
    log("first deploy: exit %d in %ds", run.exitCode(), secs(t0));
    JsonNode acme = acmeTask(run);
    assertThat(acme.path("status").asText()).as(run.toString()).isEqualTo("changed");
    log("ACME task (order, challenge, install): %d ms", acme.path("duration_ms").asLong());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(handler(run, "reload tls services")).isNotNull();

    List<X509Certificate> chain = hostChain();
    assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
    assertThat(CertificateInfo.of(chain.get(0), chain.size()).dnsNames()).containsExactly(HOSTNAME);
    validatesToPebbleRoot(chain);
    assertThat(sh("stat -c '%a %U %G' " + PRIVKEY)).isEqualTo("600 root root");
    assertNothingLeftBehind();
    rememberHostKey();

    Map<Integer, String> served = servedCertificates(chain.get(0));
    log("TLS checked against Pebble's root on: %s", served);
    assertThat(served).as("ports serving TLS").isNotEmpty();
    assertThat(served.values()).allMatch(v -> v.equals("ok"));
  }

  @Test
  @Order(2)
  void secondRunOrdersNothing() {
    String before = sh("cat " + FULLCHAIN);
    CliRun run = CliRun.of("deploy", standalone.file().toString(), "--json");
    JsonNode acme = acmeTask(run);
    assertThat(acme.path("status").asText()).as(run.toString()).isEqualTo("ok");
    assertThat(acme.path("reason").asText()).contains("valid until");
    assertThat(handler(run, "reload tls services")).isNull();
    assertThat(sh("cat " + FULLCHAIN)).isEqualTo(before);
    CliRun certs = CliRun.of("certs", standalone.file().toString(), "--json");
    assertThat(certs.exitCode()).as(certs.toString()).isZero();
    assertThat(acmeTask(certs).path("status").asText()).isEqualTo("ok");
    assertThat(sh("cat " + FULLCHAIN)).isEqualTo(before);
  }

  @Test
  @Order(3)
  void nearExpiryCertificateIsReplacedAndServicesReloaded() throws Exception {
    // A certificate of another CA for the right name, 5 days from expiry, with its key.
    TestCerts.Issued otherCa = TestCerts.ca("mailpush test: expiring CA");
    TestCerts.Issued old =
        TestCerts.leaf(
            otherCa,
            List.of(HOSTNAME),
            List.of(),
            Instant.now().minus(Duration.ofDays(80)),
            Instant.now().plus(Duration.ofDays(5)));
    put(FULLCHAIN, TestCerts.pem(old.cert(), otherCa.cert()), "0644");
    put(PRIVKEY, TestCerts.keyPem(old.key()), "0600");
    sh("systemctl reload dovecot 2>/dev/null; systemctl reload postfix 2>/dev/null; true");

    CliRun check = CliRun.of("certs", standalone.file().toString(), "--json", "--check");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    JsonNode planned = acmeTask(check);
    assertThat(planned.path("status").asText()).isEqualTo("changed");
    assertThat(planned.toString())
        .contains("renew certificate for " + HOSTNAME)
        .contains("days left (renew_days = 30)");
    assertThat(certOnHost()).isEqualTo(old.cert());

    CliRun run = CliRun.of("certs", standalone.file().toString(), "--json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(acmeTask(run).path("status").asText()).isEqualTo("changed");
    assertThat(handler(run, "reload tls services").path("status").asText()).isEqualTo("changed");
    X509Certificate renewed = certOnHost();
    assertThat(renewed).isNotEqualTo(old.cert());
    validatesToPebbleRoot(hostChain());
    rememberHostKey();
    assertThat(servedCertificates(renewed).values()).isNotEmpty().allMatch(v -> v.equals("ok"));
  }

  @Test
  @Order(4)
  void forceReissuesWithANewKey() throws Exception {
    X509Certificate before = certOnHost();
    String keyBefore = sh("cat " + PRIVKEY);
    CliRun run = CliRun.of("certs", standalone.file().toString(), "--json", "--force");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    X509Certificate after = certOnHost();
    assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
    assertThat(sh("cat " + PRIVKEY)).as("keys rotate on renewal").isNotEqualTo(keyBefore);
    rememberHostKey();
    assertNothingLeftBehind();
    assertThat(servedCertificates(after).values()).isNotEmpty().allMatch(v -> v.equals("ok"));
  }

  @Test
  @Order(5)
  void failedChallengeExplainsTheLikelyCauseWithTheCasWords() {
    X509Certificate before = certOnHost();
    CliRun run = CliRun.of("certs", elsewhere.file().toString(), "--json");
    assertThat(run.exitCode()).isEqualTo(4);
    JsonNode acme = acmeTask(run);
    assertThat(acme.path("status").asText()).isEqualTo("failed");
    log("failed challenge message:\n%s", acme.path("message").asText());
    assertThat(acme.path("message").asText())
        .contains("the CA could not validate http://elsewhere.acme.test/")
        .contains("the CA said: connection")
        .contains("port 80");
    assertThat(certOnHost()).isEqualTo(before);
    assertNothingLeftBehind();
  }

  @Test
  @Order(6)
  void busyPort80InStandaloneModePointsToWebroot() {
    X509Certificate before = certOnHost();
    sh(
        "systemd-run --quiet --collect --unit test-busy80 /usr/bin/systemd-socket-activate -l 80 --accept --inetd /bin/cat"
            + " && sleep 0.5");
    try {
      CliRun run = CliRun.of("certs", busy.file().toString(), "--json");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      JsonNode acme = acmeTask(run);
      log(
          "busy port message:\n%s\n  hint: %s",
          acme.path("message").asText(), acme.path("hint").asText());
      assertThat(acme.path("message").asText())
          .contains("port 80 on busy.acme.test is already in use");
      assertThat(acme.path("hint").asText()).contains("challenge = \"webroot\"");
      assertThat(certOnHost()).isEqualTo(before);
      assertThat(sh("ls -A /etc/mailpush/tls")).doesNotContain("pending");
      assertThat(sh("systemctl is-active test-busy80 || true")).isEqualTo("active");
    } finally {
      sh("systemctl stop test-busy80 || true");
    }
  }

  @Test
  @Order(7)
  void webrootModeWorksWithAWebServerAlreadyThere() {
    sh(
        "apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox >/dev/null"
            + " && mkdir -p /var/www/html && echo hello > /var/www/html/index.html"
            + " && systemd-run --quiet --unit test-httpd busybox httpd -f -p 80 -h /var/www/html && sleep 0.5");
    X509Certificate before = certOnHost();
    // A new name: the CA has no authorization for it, so the token must come from busybox httpd's
    // webroot.
    CliRun run = CliRun.of("certs", webroot.file().toString(), "--json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(acmeTask(run).toString())
        .contains("issue certificate for web.acme.test")
        .contains("webroot");
    X509Certificate after = certOnHost();
    assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
    assertThat(CertificateInfo.of(after, 1).dnsNames()).containsExactly("web.acme.test");
    validatesToPebbleRoot(hostChain());
    rememberHostKey();
    assertThat(sh("ls -A /var/www/html")).isEqualTo("index.html");
    assertThat(sh("systemctl is-active test-httpd")).isEqualTo("active");
  }

  @Test
  @Order(8)
  void privateKeysNeverReachTheAdminMachine() throws IOException {
    assertThat(HOST_KEYS).hasSizeGreaterThanOrEqualTo(3);
    Path state = Path.of(System.getenv("MAILPUSH_STATE_DIR"));
    List<Path> roots = List.of(state, dir, Path.of(System.getProperty("java.io.tmpdir")));
    int scanned = 0;
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      for (Path f : recentFiles(root)) {
        String text;
        try {
          text = Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
          continue; // gone or unreadable meanwhile: other processes share /tmp
        }
        scanned++;
        for (String key : HOST_KEYS) {
          assertThat(text).as(f.toString()).doesNotContain(key);
        }
      }
    }
    log("scanned %d files for host private keys", scanned);
    try (Stream<Path> accounts = Files.walk(state.resolve("acme"))) {
      assertThat(
              accounts
                  .filter(Files::isRegularFile)
                  .map(p -> p.getFileName().toString())
                  .distinct()
                  .toList())
          .containsOnly("account.pem");
    }
  }

  // ---- helpers

  static JsonNode acmeTask(CliRun run) {
    return run.tasks("mx").stream()
        .filter(t -> t.path("task").asText().startsWith("ACME certificate"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ACME task in\n" + run));
  }

  static JsonNode handler(CliRun run, String name) {
    return run.tasks("mx").stream()
        .filter(t -> t.path("handler").asBoolean() && t.path("task").asText().equals(name))
        .findFirst()
        .orElse(null);
  }

  static void rememberHostKey() {
    // The second line of the PEM: 64 characters of key material, unique to this key.
    HOST_KEYS.add(sh("sed -n 2p " + PRIVKEY));
  }

  static void assertNothingLeftBehind() {
    assertThat(sh("ls -A /etc/mailpush/tls"))
        .doesNotContain("pending")
        .doesNotContain(".fullchain");
    assertThat(sh("systemctl is-active mailpush-acme-http.service || true")).isNotEqualTo("active");
    assertThat(sh("test -e /run/mailpush-acme-http && echo present || echo absent"))
        .isEqualTo("absent");
    assertThat(sh("ss -ltnH 'sport = :80'")).isEmpty();
  }

  static List<X509Certificate> hostChain() {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return cf
          .generateCertificates(
              new ByteArrayInputStream(sh("cat " + FULLCHAIN).getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate certOnHost() {
    return hostChain().get(0);
  }

  static X509Certificate pebbleRoot() throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(pebble.rootPem().getBytes(StandardCharsets.US_ASCII)));
  }

  static void validatesToPebbleRoot(List<X509Certificate> chain) {
    try {
      var path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pebbleRoot(), null)));
      params.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(path, params);
    } catch (Exception e) {
      throw new AssertionError("the host's chain does not validate to Pebble's root: " + e, e);
    }
  }

  /**
   * Connects to 993 (IMAPS), 465 (SMTPS) and 587 (STARTTLS) with a client that trusts only Pebble's
   * root and checks the name; "ok" when the served leaf is {@code expected}. Ports nothing listens
   * on are left out.
   */
  static Map<Integer, String> servedCertificates(X509Certificate expected) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("pebble-root", pebbleRoot());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    Map<Integer, String> result = new LinkedHashMap<>();
    for (int port : List.of(993, 465, 587)) {
      if (sh("ss -ltnH 'sport = :" + port + "'").isEmpty()) {
        continue;
      }
      try (Socket plain = new Socket(TargetHost.ADDRESS, host.mappedPort(port))) {
        plain.setSoTimeout(10_000);
        if (port == 587) {
          starttls(plain);
        }
        SSLSocket tls =
            (SSLSocket)
                ctx.getSocketFactory().createSocket(plain, HOSTNAME, host.mappedPort(port), false);
        SSLParameters p = tls.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(HOSTNAME)));
        tls.setSSLParameters(p);
        tls.startHandshake();
        X509Certificate leaf = (X509Certificate) tls.getSession().getPeerCertificates()[0];
        result.put(
            port,
            leaf.equals(expected)
                ? "ok"
                : "served another certificate: " + leaf.getSubjectX500Principal());
      } catch (IOException e) {
        result.put(port, "failed: " + e);
      }
    }
    return result;
  }

  private static void starttls(Socket s) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = s.getOutputStream();
    readReply(in);
    out.write("EHLO client.acme.test\r\n".getBytes(StandardCharsets.US_ASCII));
    readReply(in);
    out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    String r = readReply(in);
    if (!r.startsWith("220")) {
      throw new IOException("STARTTLS refused: " + r);
    }
  }

  private static String readReply(BufferedReader in) throws IOException {
    String line;
    StringBuilder all = new StringBuilder();
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed after " + all);
      }
      all.append(line).append('\n');
    } while (line.length() > 3 && line.charAt(3) == '-');
    return all.toString();
  }

  static void put(String path, String content, String mode) {
    TargetHost.Result r =
        host.exec(
            "sh",
            "-c",
            "printf '%s' \"$1\" > \"$2\" && chmod \"$3\" \"$2\"",
            "sh",
            content,
            path,
            mode);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  static String sh(String script) {
    TargetHost.Result r = host.exec("sh", "-c", script);
    if (r.exitCode() != 0) {
      throw new AssertionError("in the container: " + script + "\n" + r);
    }
    return r.stdout().strip();
  }

  static long secs(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }

  static void log(String format, Object... args) {
    System.out.printf("[acme-e2e] " + format + "%n", args);
  }

  /**
   * Regular files under root (6 levels) written since the test class began, at most 1 MB; files and
   * directories that other processes remove during the walk are skipped, not errors.
   */
  static List<Path> recentFiles(Path root) throws IOException {
    List<Path> found = new java.util.ArrayList<>();
    java.util.EnumSet<java.nio.file.FileVisitOption> none =
        java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class);
    Files.walkFileTree(
        root,
        none,
        6,
        new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult visitFile(
              Path f, java.nio.file.attribute.BasicFileAttributes a) {
            if (a.isRegularFile()
                && a.size() <= 1_000_000
                && !a.lastModifiedTime().toInstant().isBefore(START.minusSeconds(5))) {
              found.add(f);
            }
            return java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
    return found;
  }
}
