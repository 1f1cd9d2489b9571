package dev.mailpush.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verify check against small servers on 127.0.0.1: a correct one and misconfigured ones. */
class VerifierTest {
  static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;
  static final String HOSTNAME = "mail.verify.test";
  static final List<Endpoint> ALL =
      List.of(
          Endpoint.SMTP,
          Endpoint.SMTPS,
          Endpoint.SUBMISSION,
          Endpoint.IMAP,
          Endpoint.IMAPS,
          Endpoint.SIEVE);

  @TempDir Path dir;

  private static Map<Integer, Integer> listenAll(FakeMailServer server) throws IOException {
    Map<Integer, Integer> ports = new HashMap<>();
    for (Endpoint e : ALL) {
      ports.put(e.port(), server.listen(e));
    }
    return ports;
  }

  private static Map<String, Check> run(Map<Integer, Integer> ports, Trust trust) {
    Target t =
        new Target(
            "mx1",
            HOSTNAME,
            "127.0.0.1",
            new PortMap(ports, Map.of()),
            true,
            List.of("verify.test"),
            List.of("alice"),
            MAX_MESSAGE_BYTES);
    List<Check> checks = new Verifier(trust, Duration.ofSeconds(5), Clock.systemUTC()).verify(t);
    return checks.stream()
        .collect(Collectors.toMap(Check::check, c -> c, (a, b) -> a, LinkedHashMap::new));
  }

  @Test
  void aCorrectServerPassesEveryCheck() throws Exception {
    TestCert cert = TestCert.valid(HOSTNAME);
    try (FakeMailServer server =
        new FakeMailServer(cert.serverContext(), new FakeMailServer.Policy())) {
      Map<String, Check> c =
          run(listenAll(server), Trust.pemOnly(cert.writeCertPem(dir.resolve("ca.pem"))));
      assertThat(c.values())
          .allSatisfy(ch -> assertThat(ch.status()).as(ch.toString()).isEqualTo(Status.OK));
      assertThat(c.keySet())
          .contains(
              "port-25",
              "port-465",
              "port-587",
              "port-143",
              "port-993",
              "port-4190",
              "smtp-25-banner",
              "smtp-25-auth-before-tls",
              "smtp-25-starttls",
              "smtp-25-legacy-tls",
              "smtp-25-cert-name",
              "smtp-25-cert-trust",
              "smtp-25-cert-expiry",
              "smtps-465-tls",
              "smtp-587-starttls",
              "smtp-587-relay-without-auth",
              "smtp-587-auth-before-tls",
              "imap-143-logindisabled",
              "imap-143-starttls",
              "imaps-993-tls",
              "imaps-993-legacy-tls",
              "sieve-4190-starttls",
              "smtp-25-open-relay",
              "smtp-25-size",
              "smtp-587-size");
      assertThat(c.get("smtp-25-size").message())
          .isEqualTo("messages up to 25 MiB accepted on port 25");
      assertThat(c.get("smtps-465-tls").found()).startsWith("TLSv1.3");
      assertThat(c.get("smtp-25-legacy-tls").found()).contains("refused");
    }
  }

  @Test
  void aMisconfiguredServerFailsEachPolicyCheck() throws Exception {
    TestCert expiredWrongName =
        TestCert.selfSigned(
            "other.example.test",
            Instant.now().minus(Duration.ofDays(100)),
            Instant.now().minus(Duration.ofDays(10)));
    FakeMailServer.Policy p = new FakeMailServer.Policy();
    p.banner = "localhost";
    p.authBeforeTls = true;
    p.openRelay = true;
    p.loginDisabled = false;
    p.legacyServerHello = true; // 465 and 993 speak TLS 1.0 only
    p.size = 10240000; // Postfix's default, not the inventory's 25 MiB
    try (FakeMailServer server = new FakeMailServer(expiredWrongName.serverContext(), p)) {
      Map<String, Check> c = run(listenAll(server), Trust.system());
      for (String fail :
          List.of(
              "smtp-25-banner",
              "smtp-25-auth-before-tls",
              "smtp-587-auth-before-tls",
              "smtp-25-open-relay",
              "smtp-587-relay-without-auth",
              "imap-143-logindisabled",
              "smtp-25-cert-name",
              "smtp-25-cert-trust",
              "smtp-25-cert-expiry",
              "smtps-465-tls",
              "smtps-465-legacy-tls",
              "imaps-993-tls",
              "imaps-993-legacy-tls",
              "smtp-25-size",
              "smtp-587-size")) {
        assertThat(c.get(fail)).as(fail + " in " + c.keySet()).isNotNull();
        assertThat(c.get(fail).status()).as(c.get(fail).toString()).isEqualTo(Status.FAIL);
      }
      assertThat(c.get("smtps-465-legacy-tls").found()).isEqualTo("TLSv1 accepted");
      assertThat(c.get("smtp-25-open-relay").message()).contains("OPEN RELAY");
      assertThat(c.get("smtp-25-size").message())
          .isEqualTo("port 25 accepts messages up to 10240000 bytes, the inventory says 25 MiB");
      assertThat(c.get("smtp-25-size").fix()).contains("message_size_limit = 26214400");
      assertThat(c.get("smtp-25-cert-trust").message()).contains("self-signed");
    }
  }

  @Test
  void missingStarttlsAndClosedPortsFail() throws Exception {
    TestCert cert = TestCert.valid(HOSTNAME);
    FakeMailServer.Policy p = new FakeMailServer.Policy();
    p.starttls = false;
    try (FakeMailServer server = new FakeMailServer(cert.serverContext(), p)) {
      Map<Integer, Integer> ports = listenAll(server);
      ports.put(993, closedPort());
      Map<String, Check> c = run(ports, Trust.pemOnly(cert.writeCertPem(dir.resolve("ca.pem"))));
      assertThat(c.get("smtp-25-starttls").status()).isEqualTo(Status.FAIL);
      assertThat(c.get("imap-143-starttls").status()).isEqualTo(Status.FAIL);
      assertThat(c.get("sieve-4190-starttls").status()).isEqualTo(Status.FAIL);
      assertThat(c.get("port-993").status()).isEqualTo(Status.FAIL);
      assertThat(c).doesNotContainKey("imaps-993-tls");
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void certificateChecksArePure() {
    TestCert soon =
        TestCert.selfSigned(
            HOSTNAME,
            Instant.now().minus(Duration.ofDays(80)),
            Instant.now().plus(Duration.ofDays(5)));
    assertThat(CertificateChecks.expiry("mx1", "x", soon.cert(), Instant.now()).status())
        .isEqualTo(Status.WARN);
    assertThat(
            CertificateChecks.expiry(
                    "mx1", "x", soon.cert(), Instant.now().plus(Duration.ofDays(6)))
                .status())
        .isEqualTo(Status.FAIL);
    assertThat(CertificateChecks.matches("*.verify.test", HOSTNAME)).isTrue();
    assertThat(CertificateChecks.matches("*.verify.test", "a.b.verify.test")).isFalse();
    assertThat(CertificateChecks.matches("*.test", "verify.test")).isFalse();
    assertThat(CertificateChecks.name("mx1", "x", soon.cert(), "MAIL.verify.test.").status())
        .isEqualTo(Status.OK);
  }

  @Test
  void legacyHelloAndItsAnswersParse() throws Exception {
    byte[] hello = LegacyTls.clientHello(HOSTNAME);
    assertThat(hello[0]).isEqualTo((byte) 22);
    assertThat(hello[9]).isEqualTo((byte) 3);
    assertThat(hello[10]).isEqualTo((byte) 2); // offers at most TLS 1.1
    byte[] alert = {21, 3, 3, 0, 2, 2, 70};
    assertThat(LegacyTls.read(new java.io.ByteArrayInputStream(alert)))
        .isEqualTo(new LegacyTls.Outcome.Refused("alert protocol_version"));
    assertThat(LegacyTls.read(new java.io.ByteArrayInputStream(new byte[0])))
        .isInstanceOf(LegacyTls.Outcome.Refused.class);
    assertThat(LegacyTls.read(new java.io.ByteArrayInputStream("220 mail ESMTP\r\n".getBytes())))
        .isInstanceOf(LegacyTls.Outcome.Inconclusive.class);
  }

  /**
   * A real TLS 1.0 server (OpenSSL) as the independent counterpart of the hand-built ClientHello.
   */
  @Test
  void opensslServerAllowingTls10IsCaught() throws Exception {
    Path openssl = Path.of("/usr/bin/openssl");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(openssl) || "true".equals(System.getenv("CI")), "openssl not installed");
    TestCert cert = TestCert.valid(HOSTNAME);
    int port = closedPort();
    Process p =
        new ProcessBuilder(
                openssl.toString(),
                "s_server",
                "-accept",
                "127.0.0.1:" + port,
                "-cert",
                cert.writeCertPem(dir.resolve("c.pem")).toString(),
                "-key",
                cert.writeKeyPem(dir.resolve("k.pem")).toString(),
                "-tls1",
                "-cipher",
                "ALL:@SECLEVEL=0",
                "-quiet")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    try {
      LegacyTls.Outcome o = null;
      for (int i = 0; i < 50 && !(o instanceof LegacyTls.Outcome.Accepted); i++) {
        try (Conversation c = Conversation.open("127.0.0.1", port, Duration.ofSeconds(5))) {
          o = LegacyTls.probe(c.in(), c.out(), HOSTNAME);
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(o)
          .as(Files.readString(dir.resolve("openssl.log")))
          .isEqualTo(new LegacyTls.Outcome.Accepted("TLSv1"));
    } finally {
      p.destroy();
    }
  }

  @Test
  void portMapParses() {
    PortMap m = PortMap.parse(List.of("25=2525", "mx2:993=9993"));
    assertThat(m.port("mx1", 25)).isEqualTo(2525);
    assertThat(m.port("mx2", 993)).isEqualTo(9993);
    assertThat(m.port("mx1", 993)).isEqualTo(993);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PortMap.parse(List.of("25:2525")))
        .hasMessageContaining("PORT=PORT");
  }

  @Test
  void cliRunsJsonAndExitsByFailures() throws Exception {
    TestCert cert = TestCert.valid(HOSTNAME);
    Path ca = cert.writeCertPem(dir.resolve("ca.pem"));
    Path inv = dir.resolve("inv.toml");
    Files.writeString(
        inv,
        "[ssh]\nuser = \"admin\"\n[mail]\nvirtual_domains = [\"verify.test\"]\n"
            + "[mail.virtual_addresses]\n\"alice@verify.test\" = \"alice\"\n"
            + "[hosts.mx1]\naddress = \"192.0.2.1\"\nhostname = \""
            + HOSTNAME
            + "\"\n");
    try (FakeMailServer good =
        new FakeMailServer(cert.serverContext(), new FakeMailServer.Policy())) {
      Map<Integer, Integer> ports = listenAll(good);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "verify",
                  inv.toString(),
                  "--connect",
                  "127.0.0.1",
                  "--ca-file",
                  ca.toString(),
                  "--json",
                  "--port-map",
                  ports.entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(","))));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.toString()).isZero();
      List<JsonNode> events = run.events();
      assertThat(events)
          .filteredOn(e -> e.get("type").asText().equals("check"))
          .allSatisfy(e -> assertThat(e.get("host").asText()).isEqualTo("mx1"))
          .anySatisfy(e -> assertThat(e.get("check").asText()).isEqualTo("smtp-25-starttls"));
      JsonNode settings =
          events.stream()
              .filter(e -> e.get("type").asText().equals("client-settings"))
              .findFirst()
              .orElseThrow();
      assertThat(settings.get("server").asText()).isEqualTo(HOSTNAME);
      assertThat(settings.get("usernames").get(0).asText()).isEqualTo("alice");
      assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("summary");
      assertThat(events.get(events.size() - 1).get("fail").asInt()).isZero();

      // the same without the CA: the certificate is not trusted -> exit 4, and the human output
      // says why
      args.removeAll(List.of("--ca-file", ca.toString(), "--json"));
      CliRun untrusted = CliRun.of(args.toArray(String[]::new));
      assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(4);
      assertThat(untrusted.out())
          .contains("smtp-25-cert-trust")
          .contains("FAIL")
          .contains("self-signed")
          .contains("mail client settings for mx1")
          .contains("IMAP")
          .contains("993");
    }
    assertThat(CliRun.of("verify", inv.toString(), "--port-map", "25:x").exitCode()).isEqualTo(2);
    assertThat(
            CliRun.of("verify", inv.toString(), "--ca-file", dir.resolve("nope.pem").toString())
                .exitCode())
        .isEqualTo(2);
  }
}
