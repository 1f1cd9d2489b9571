package dev.mailpush.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.cli.HeadlessChromium;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.ListenerWatch;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
  static Map<Integer, BigDecimal> firstListening;

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
    ListenerWatch watch = ListenerWatch.start(host, 25, 143, 993);
    deploy = CliRun.of("deploy", inventory.file().toString(), "--json");
    firstListening = watch.stop();
    configWritten =
        Map.of(
                25, List.of("/etc/postfix/main.cf", "/etc/postfix/master.cf"),
                143, List.of("/etc/dovecot/dovecot.conf"),
                993, List.of("/etc/dovecot/dovecot.conf"))
            .entrySet()
            .stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        e.getValue().stream()
                            .map(f -> watch.modified(f).orElseThrow())
                            .max(BigDecimal::compareTo)
                            .orElseThrow()));
  }

  static Map<Integer, BigDecimal> configWritten;

  /**
   * No mail daemon ever runs with Debian's default configuration: the packages are installed with
   * their starts held, and Postfix (25) and Dovecot (143, 993) first listen after mailpush wrote
   * their configuration. Polled with {@code ss} on the host every 50 ms during the first deploy.
   */
  @Test
  @Order(0)
  void noMailPortListensBeforeItsFinalConfigurationIsWritten() {
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(firstListening)
        .as("the watch saw every port open by the end")
        .containsOnlyKeys(25, 143, 993);
    firstListening.forEach(
        (port, listening) ->
            assertThat(listening)
                .as(
                    "port %d first listened at %s; its configuration was written at %s",
                    port, listening, configWritten.get(port))
                .isGreaterThan(configWritten.get(port)));
    assertThat(host.exec("test", "-e", "/usr/sbin/policy-rc.d").exitCode())
        .as("the start hold is gone after the install")
        .isNotZero();
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

  /**
   * dns apply against knotd taking TSIG-signed updates: v.test has the admin's records (a site
   * verification TXT, an SPF record that includes a partner, a strict DMARC policy), w.test only a
   * foreign MX. --check sends nothing; a run merges v.test's SPF, keeps the admin's records, fills
   * in the rest and leaves w.test's foreign MX (a FAIL); --force replaces it; a last run sends
   * nothing. Then dns-report finds no FAIL, and the mail clients' SRV records (RFC 6186) it wrote
   * pass. Updates are counted in knotd's log.
   */
  @Test
  @Order(3)
  void dnsApplyPublishesWhatDnsReportChecks() throws Exception {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    String secret = java.util.Base64.getEncoder().encodeToString(raw);
    Path keyFile = dir.resolve("tsig.key");
    Files.writeString(
        keyFile,
        "key \"mailpush\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secret + "\";\n};\n");
    Files.setPosixFilePermissions(
        keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Map<String, String> zones = KnotServer.zones();
    zones.put(
        "v.test",
        String.join(
            "\n",
            "@ IN TXT \"site-verification=abc123\"",
            "@ IN TXT \"v=spf1 include:_spf.partner.test ~all\"",
            "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@v.test\""));
    zones.put("w.test", "@ IN MX 10 mx.elsewhere.test.");
    zones.put("partner.test", "_spf IN TXT \"v=spf1 ip4:192.0.2.0/24 ~all\"");
    zones.put("0.0.127.in-addr.arpa", "1 IN PTR " + HOSTNAME + ".");
    zones.put("bl.test", "2.0.0.127 IN A 127.0.0.2");
    try (KnotServer knot =
        KnotServer.acceptingUpdates(dir.resolve("knot-ddns"), zones, "mailpush", secret)) {
      Path withDns = dir.resolve("inventory-dns.toml");
      Files.writeString(
          withDns,
          Files.readString(inventory.file())
              + "\n[dns]\nserver = \""
              + knot.resolver()
              + "\"\ntsig_key_name = \"mailpush\"\ntsig_secret_file = \""
              + keyFile
              + "\"\n");
      String inv = withDns.toString();

      // A key the server does not know: refused, nothing changes.
      Path wrongKey = dir.resolve("wrong-tsig.key");
      Files.writeString(wrongKey, "c29tZS1vdGhlci1rZXktdGhhdC1pcy1ub3QtdGhlcmU=\n");
      Files.setPosixFilePermissions(
          wrongKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Path wrong = dir.resolve("inventory-wrong-key.toml");
      Files.writeString(
          wrong, Files.readString(withDns).replace(keyFile.toString(), wrongKey.toString()));
      CliRun refused = CliRun.of("dns", "apply", wrong.toString(), "--force");
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.out()).contains("does not accept the TSIG key mailpush");
      assertThat(knot.updates()).as("an update with a wrong key changes nothing").isZero();
      assertThat(knot.values("w.test", "MX")).containsExactly("10 mx.elsewhere.test");

      CliRun check = CliRun.of("dns", "apply", inv, "--check");
      System.out.println("---- mailpush dns apply --check\n" + check.out());
      assertThat(check.out()).contains("update of zone v.test (not sent: --check):");
      assertThat(knot.updates()).as("--check sends nothing").isZero();

      CliRun first = CliRun.of("dns", "apply", inv, "--json");
      assertThat(first.exitCode()).as("w.test's foreign MX stays: " + first).isEqualTo(4);
      Map<String, JsonNode> c = checks(first);
      assertThat(c.get("w.test/dns-mx").get("status").asText()).isEqualTo("fail");
      assertThat(c.get("w.test/dns-mx").get("fix").asText()).contains("--force");
      assertThat(c.get("v.test/dns-spf").get("message").asText()).contains("merged");
      long afterFirst = knot.updates();
      assertThat(afterFirst).as("one update per zone").isEqualTo(2);
      assertThat(knot.values("v.test", "TXT"))
          .contains("site-verification=abc123", "v=spf1 include:_spf.partner.test mx ~all")
          .doesNotContain("v=spf1 include:_spf.partner.test ~all");
      assertThat(knot.values("_dmarc.v.test", "TXT"))
          .containsExactly("v=DMARC1; p=reject; rua=mailto:dmarc@v.test");
      assertThat(knot.values("w.test", "MX")).containsExactly("10 mx.elsewhere.test");
      assertThat(knot.values("_submissions._tcp.v.test", "SRV"))
          .as("mail clients find the server (RFC 6186)")
          .containsExactly("10 1 465 " + HOSTNAME);
      assertThat(knot.values("_imaps._tcp.w.test", "SRV")).containsExactly("10 1 993 " + HOSTNAME);

      CliRun forced = CliRun.of("dns", "apply", inv, "--force");
      System.out.println("---- mailpush dns apply --force\n" + forced.out());
      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(knot.values("w.test", "MX")).containsExactly("10 " + HOSTNAME);
      long afterForce = knot.updates();
      assertThat(afterForce - afterFirst).isEqualTo(1);

      CliRun again = CliRun.of("dns", "apply", inv);
      System.out.println("---- mailpush dns apply (again)\n" + again.out());
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("every zone is up to date: no update sent");
      assertThat(knot.updates()).as("a second run sends nothing").isEqualTo(afterForce);
      System.out.printf(
          "---- knotd: %d updates by the first run, %d by --force, %d by the run after%n%s%n",
          afterFirst, afterForce - afterFirst, knot.updates() - afterForce, knot.log());

      CliRun report =
          CliRun.of(
              "dns-report", inv, "--resolver", knot.resolver(), "--dnsbl", "bl.test", "--json");
      List<JsonNode> events = report.events();
      JsonNode summary = events.get(events.size() - 1);
      assertThat(summary.get("fail").asInt()).as(report.out()).isZero();
      assertThat(report.exitCode()).isZero();
      Map<String, JsonNode> reported = checks(report);
      assertThat(reported.get("v.test/client-srv").get("status").asText())
          .as(reported.get("v.test/client-srv").toString())
          .isEqualTo("ok");
    }
  }

  @Test
  @Order(4)
  void statusShowsAHealthyHostThenTwoDeliberateProblemsWithTheirFixes() throws Exception {
    Path page = dir.resolve("status.html");
    CliRun healthy =
        CliRun.of("status", inventory.file().toString(), "--json", "--html", page.toString());
    assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
    Map<String, JsonNode> ok = checks(healthy);
    for (String k :
        List.of("-/service-postfix", "-/service-dovecot", "-/port-25", "-/port-993", "-/queue")) {
      assertThat(ok.get(k)).as(k + " in " + healthy.out()).isNotNull();
      assertThat(ok.get(k).get("status").asText()).as(k).isEqualTo("ok");
    }
    assertThat(ok.get("-/certificate").get("message").asText()).contains("more days");
    assertThat(ok).containsKeys("-/dkim-v.test", "-/dkim-w.test", "-/disk-/home", "-/release");

    // Two problems: OpenDKIM stopped, and a certificate that ends in two days.
    host.exec(
            "sh",
            "-c",
            String.join(
                " && ",
                "systemctl stop opendkim",
                "cp /etc/mailpush/tls/fullchain.pem /root/fullchain.pem.good",
                "openssl req -x509 -newkey rsa:2048 -nodes -keyout /root/short.key -days 2"
                    + " -subj /CN="
                    + HOSTNAME
                    + " -out /etc/mailpush/tls/fullchain.pem 2>/dev/null"))
        .requireSuccess("break the host");
    try {
      CliRun human = CliRun.of("status", inventory.file().toString());
      System.out.println("---- mailpush status (two deliberate problems)\n" + human.out());
      CliRun broken = CliRun.of("status", inventory.file().toString(), "--json");
      assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(4);
      Map<String, JsonNode> c = checks(broken);
      assertThat(
              c.entrySet().stream()
                  .filter(e -> e.getValue().get("status").asText().equals("fail"))
                  .map(Map.Entry::getKey))
          .containsExactlyInAnyOrder("-/service-opendkim", "-/certificate");
      assertThat(c.get("-/service-opendkim").get("fix").asText())
          .contains("systemctl restart opendkim");
      assertThat(c.get("-/certificate").get("message").asText())
          .containsPattern("expires in [12] day");
      assertThat(human.out()).contains("fix:");
      statusPageShowsTheProblemsInABrowser(page);
    } finally {
      host.exec(
              "sh",
              "-c",
              "cp /root/fullchain.pem.good /etc/mailpush/tls/fullchain.pem && systemctl start opendkim")
          .requireSuccess("mend the host");
    }
  }

  /**
   * {@code status --full --html} with the two problems, the DNS zones still empty: the page as
   * Chromium renders it (after its scripts ran), and a screenshot kept as a CI artefact.
   */
  private static void statusPageShowsTheProblemsInABrowser(Path page) throws Exception {
    HeadlessChromium.assumeAvailable();
    try (KnotServer knot = KnotServer.start(dir.resolve("knot-status"), emptyZones())) {
      List<String> args = new ArrayList<>(verifyArgs(false));
      args.set(0, "status");
      args.addAll(
          List.of(
              "--full",
              "--resolver",
              knot.resolver(),
              "--dnsbl",
              "bl.test",
              "--html",
              page.toString()));
      CliRun full = CliRun.of(args.toArray(String[]::new));
      System.out.println("---- mailpush status --full (two deliberate problems)\n" + full.out());
      assertThat(full.exitCode()).as(full.toString()).isEqualTo(4);
      assertThat(full.out())
          .contains("verify: ")
          .contains("dns-report: ")
          .contains("status page written to " + page);
    }
    String dom = HeadlessChromium.renderedDom(page);
    Files.writeString(dir.resolve("status-dom.html"), dom);
    assertThat(dom).as("the page's script ran").contains("<body data-rendered=\"yes\">");
    assertThat(dom).contains("<section class=\"host fail\" data-host=\"mx1\">");
    assertThat(row(dom, "service-opendkim"))
        .contains("class=\"check fail\"")
        .contains("<code>systemctl restart opendkim")
        .contains("<button class=\"copy\"");
    assertThat(row(dom, "certificate")).contains("class=\"check fail\"").contains("expires in");
    assertThat(row(dom, "service-postfix")).contains("class=\"check ok\"");
    assertThat(row(dom, "smtp-25-starttls")).as("verify's checks on the card").contains("ok");
    // Two runs so far (healthy, broken): the chart has both series.
    assertThat(dom).contains("data-series=\"queue\"").contains("data-series=\"disk\"");
    assertThat(dom).containsPattern("the last [2-9]\\d* runs");
    // dns-report found the empty zones: their records to publish, each with a copy button.
    String dns = dom.substring(dom.indexOf("<section class=\"dns\">"));
    assertThat(dns)
        .containsPattern("<code>v\\.test\\. (3600 )?IN MX 10 " + HOSTNAME.replace(".", "\\."));
    assertThat(dns).contains("<button class=\"copy\"").contains("fix(es) from dns-report");
    Path screenshot = Path.of("target", "ci-artifacts", "status-page.png");
    HeadlessChromium.screenshot(page, screenshot, 1280, 1800);
    System.out.println("---- status page screenshot: " + screenshot.toAbsolutePath());
  }

  /** The table row of one check in the rendered page. */
  private static String row(String dom, String check) {
    int at = dom.indexOf("data-check=\"" + check + "\"");
    assertThat(at).as("a row for " + check).isPositive();
    int start = dom.lastIndexOf("<tr", at);
    return dom.substring(start, dom.indexOf("</tr>", at));
  }

  /** v.test and w.test with no records of their own: everything for dns-report to ask for. */
  private static Map<String, String> emptyZones() {
    Map<String, String> zones = KnotServer.zones();
    zones.put("v.test", "");
    zones.put("w.test", "");
    return zones;
  }

  @Test
  @Order(5)
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
