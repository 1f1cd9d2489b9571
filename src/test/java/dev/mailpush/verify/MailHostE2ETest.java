package dev.mailpush.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host deployed by {@code mailpush deploy}, checked from outside: {@code verify} passes on the
 * deployed server and fails once it is deliberately misconfigured; {@code dns-report} reads the
 * host's DKIM record over SSH and compares it with what a local knotd publishes (matching for one
 * domain, another key for the other).
 */
@RequiresDocker(suites = "bookworm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailHostE2ETest {
  static final String HOSTNAME = "mx1.v.test";
  static final int[] PORTS = {25, 465, 587, 143, 993};

  @TempDir static Path dir;
  static TargetHost host;
  static TestInventory inventory;
  static CliRun deploy;

  @BeforeAll
  static void deploy() {
    host = TargetHost.builder("bookworm").publish(PORTS).hostname(HOSTNAME).start();
    inventory =
        TestInventory.builder(dir)
            .host("mx1", HOSTNAME, host)
            .extraToml(
                String.join(
                    "\n",
                    "[mail]",
                    "enable_antispam = false",
                    "enable_spf_check = false",
                    "enable_fail2ban = false",
                    "virtual_domains = [\"v.test\", \"w.test\"]",
                    "dkim_selector = \"mail\"",
                    "[mail.virtual_addresses]",
                    "\"alice@v.test\" = \"alice\"",
                    "[tls]",
                    "mode = \"self-signed\""))
            .write();
    deploy = CliRun.of("deploy", inventory.file().toString(), "--json");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  private static List<String> verifyArgs(boolean json) throws Exception {
    Path ca = dir.resolve("fullchain.pem");
    Files.writeString(ca, host.exec("cat", "/etc/mailpush/tls/fullchain.pem").stdout());
    StringBuilder map = new StringBuilder();
    for (int p : PORTS) {
      map.append(map.length() == 0 ? "" : ",").append(p).append('=').append(host.mappedPort(p));
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "verify",
                inventory.file().toString(),
                "--connect",
                "127.0.0.1",
                "--port-map",
                map.toString(),
                "--ca-file",
                ca.toString()));
    if (json) {
      args.add("--json");
    }
    return args;
  }

  private static Map<String, JsonNode> checks(CliRun run) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    run.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .forEach(e -> m.put(e.path("domain").asText("-") + "/" + e.path("check").asText(), e));
    return m;
  }

  @Test
  @Order(1)
  void deployedServerPassesVerify() throws Exception {
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    CliRun human = CliRun.of(verifyArgs(false).toArray(String[]::new));
    System.out.println("---- mailpush verify (deployed host)\n" + human.out());
    CliRun run = CliRun.of(verifyArgs(true).toArray(String[]::new));
    Map<String, JsonNode> c = checks(run);
    assertThat(c.values())
        .as(run.out())
        .allSatisfy(e -> assertThat(e.get("status").asText()).as(e.toString()).isIn("ok", "info"));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(c)
        .containsKeys(
            "-/smtp-25-starttls",
            "-/smtp-25-open-relay",
            "-/smtp-587-relay-without-auth",
            "-/imap-143-logindisabled",
            "-/smtps-465-tls",
            "-/imaps-993-legacy-tls");
  }

  @Test
  @Order(2)
  void dnsReportComparesDkimWithTheHostsKey() throws Exception {
    String record = host.exec("cat", "/etc/opendkim/keys/v.test/mail.txt").stdout();
    assertThat(record).as("DKIM record file written by deploy").contains("p=");
    String dkim = record.substring(record.indexOf('('), record.lastIndexOf(')') + 1);
    Map<String, String> zones = KnotServer.zones();
    for (String d : List.of("v.test", "w.test")) {
      zones.put(
          d,
          String.join(
              "\n",
              "@ IN MX 10 " + HOSTNAME + ".",
              "@ IN TXT \"v=spf1 mx -all\"",
              "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:postmaster@" + d + "\"",
              // w.test publishes v.test's key: a mismatch with the host's own w.test key
              "mail._domainkey IN TXT " + dkim,
              d.equals("v.test") ? "mx1 IN A 127.0.0.1" : ""));
    }
    zones.put("0.0.127.in-addr.arpa", "1 IN PTR " + HOSTNAME + ".");
    zones.put("bl.test", "2.0.0.127 IN A 127.0.0.2");
    try (KnotServer knot = KnotServer.start(dir.resolve("knot"), zones)) {
      CliRun human =
          CliRun.of(
              "dns-report",
              inventory.file().toString(),
              "--resolver",
              knot.resolver(),
              "--dnsbl",
              "bl.test");
      System.out.println("---- mailpush dns-report (deployed host)\n" + human.out());
      CliRun run =
          CliRun.of(
              "dns-report",
              inventory.file().toString(),
              "--resolver",
              knot.resolver(),
              "--dnsbl",
              "bl.test",
              "--json");
      Map<String, JsonNode> c = checks(run);
      assertThat(c.get("v.test/dkim").get("status").asText()).as(run.out()).isEqualTo("ok");
      assertThat(c.get("w.test/dkim").get("status").asText()).as(run.out()).isEqualTo("fail");
      assertThat(c.get("w.test/dkim").get("fix").asText())
          .startsWith("mail._domainkey.w.test. 3600 IN TXT \"v=DKIM1;");
      assertThat(c.get("v.test/mx").get("status").asText()).isEqualTo("ok");
      assertThat(c.get("-/ptr").get("status").asText()).isEqualTo("ok");
      assertThat(run.exitCode()).isEqualTo(4);
    }
  }

  @Test
  @Order(3)
  void misconfiguredServerFailsVerify() throws Exception {
    host.exec(
            "sh",
            "-c",
            String.join(
                " && ",
                "postconf -e 'smtpd_banner = localhost ESMTP' 'smtpd_tls_auth_only = no' 'smtpd_sasl_auth_enable = yes'"
                    + " 'mynetworks = 0.0.0.0/0'",
                "postfix reload"))
        .requireSuccess("misconfigure");
    Thread.sleep(2000);
    CliRun human = CliRun.of(verifyArgs(false).toArray(String[]::new));
    System.out.println("---- mailpush verify (misconfigured host)\n" + human.out());
    CliRun run = CliRun.of(verifyArgs(true).toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    Map<String, JsonNode> c = checks(run);
    for (String k :
        List.of("-/smtp-25-banner", "-/smtp-25-auth-before-tls", "-/smtp-25-open-relay")) {
      assertThat(c.get(k)).as(k + " in " + run.out()).isNotNull();
      assertThat(c.get(k).get("status").asText()).as(c.get(k).toString()).isEqualTo("fail");
    }
    assertThat(c.get("-/smtp-25-open-relay").get("message").asText()).contains("OPEN RELAY");
  }
}
