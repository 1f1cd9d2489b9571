package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dns-report against a real authoritative server (knotd on a loopback port) serving a correct
 * domain ({@code good.test}, host mx1 at 127.0.0.10) and broken ones (host mx2 at 127.0.0.11):
 * every check passes on one and fails on another. All traffic stays on 127.0.0.1.
 */
class DnsReportKnotTest {
  @TempDir static Path dir;
  static KnotServer knot;
  static String key;
  static String otherKey;
  static Path goodInventory;
  static Path allInventory;

  @BeforeAll
  static void start() throws Exception {
    KnotServer.assumeAvailable();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    otherKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    String dkimGood =
        "mail._domainkey IN TXT "
            + String.join(" ", Zone.quoted("v=DKIM1; h=sha256; k=rsa; p=" + key));
    Map<String, String> zones = KnotServer.zones();
    zones.put(
        "good.test",
        String.join(
            "\n",
            "@ IN MX 10 mail.good.test.",
            "mail IN A 127.0.0.10",
            "@ IN TXT \"v=spf1 mx -all\"",
            "@ IN TXT \"some-site-verification=abc\"",
            dkimGood,
            "_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:postmaster@good.test\"",
            "_mta-sts IN TXT \"v=STSv1; id=20250101\"",
            "_smtp._tls IN TXT \"v=TLSRPTv1; rua=mailto:postmaster@good.test\""));
    // bad.test: no MX, two SPF records, no DKIM, DMARC p=none, no MTA-STS/TLS-RPT; its host's name
    // points elsewhere and its PTR names another host
    zones.put(
        "bad.test",
        String.join(
            "\n",
            "mail IN A 127.0.0.99",
            "@ IN TXT \"v=spf1 mx -all\"",
            "@ IN TXT \"v=spf1 a -all\"",
            "_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:d@bad.test\""));
    // wrong.test: MX elsewhere, SPF that does not authorise the host, DKIM key of another host, no
    // DMARC
    zones.put(
        "wrong.test",
        String.join(
            "\n",
            "@ IN MX 10 mx.elsewhere.test.",
            "@ IN TXT \"v=spf1 ip4:192.0.2.1 -all\"",
            "mail._domainkey IN TXT "
                + String.join(" ", Zone.quoted("v=DKIM1; k=rsa; p=" + otherKey))));
    // many.test: SPF needing 11 lookups through includes
    StringBuilder many =
        new StringBuilder(
            "@ IN MX 10 mail.bad.test.\n@ IN TXT \"v=spf1 mx include:a.many.test include:b.many.test -all\"\n");
    many.append(
        "a IN TXT \"v=spf1 a:x1.many.test a:x2.many.test a:x3.many.test a:x4.many.test ~all\"\n");
    many.append(
        "b IN TXT \"v=spf1 a:x5.many.test a:x6.many.test a:x7.many.test a:x8.many.test ~all\"\n");
    for (int i = 1; i <= 8; i++) {
      many.append("x").append(i).append(" IN A 192.0.2.").append(i).append('\n');
    }
    zones.put("many.test", many.toString());
    zones.put(
        "0.0.127.in-addr.arpa", "10 IN PTR mail.good.test.\n11 IN PTR host-11.provider.test.");
    zones.put(
        "bl.test",
        "11.0.0.127 IN A 127.0.0.2\n11.0.0.127 IN TXT \"listed: see https://bl.test/127.0.0.11\"");
    zones.put("refused.test", "* IN A 127.255.255.254");
    knot = KnotServer.start(dir.resolve("knot"), zones);

    String ssh =
        "[ssh]\nuser = \"admin\"\nport = 1\nidentity_file = \""
            + dir.resolve("no-key")
            + "\"\n"
            + "known_hosts = \""
            + dir.resolve("known_hosts")
            + "\"\nconnect_timeout = 2\n";
    String mx1 =
        "[hosts.mx1]\naddress = \"127.0.0.10\"\nhostname = \"mail.good.test\"\n"
            + "[hosts.mx1.mail]\nvirtual_domains = [\"good.test\"]\n";
    String mx2 =
        "[hosts.mx2]\naddress = \"127.0.0.11\"\nhostname = \"mail.bad.test\"\n"
            + "[hosts.mx2.mail]\nvirtual_domains = [\"bad.test\", \"wrong.test\", \"many.test\"]\n";
    String mail = "[mail]\nvirtual_domains = [\"good.test\"]\ndkim_selector = \"mail\"\n";
    goodInventory = dir.resolve("good.toml");
    Files.writeString(goodInventory, ssh + mail + mx1);
    allInventory = dir.resolve("all.toml");
    Files.writeString(allInventory, ssh + mail + mx1 + mx2);
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  private static CliRun report(Path inventory, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "dns-report",
                inventory.toString(),
                "--resolver",
                knot.resolver(),
                "--no-ssh",
                "--json"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Map<String, JsonNode> byKey(CliRun run) {
    return run.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .collect(
            Collectors.toMap(
                e ->
                    e.path("domain").asText("-")
                        + "/"
                        + e.path("host").asText("-")
                        + "/"
                        + e.path("check").asText(),
                e -> e,
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  @Test
  void aCorrectDomainPassesAndExitsZero() {
    CliRun run = report(goodInventory, "--dnsbl", "bl.test");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, JsonNode> c = byKey(run);
    for (String k :
        List.of(
            "good.test/-/mx",
            "good.test/-/spf",
            "good.test/mx1/spf-host",
            "good.test/-/dmarc",
            "good.test/-/mta-sts",
            "good.test/-/tls-rpt",
            "-/mx1/address",
            "-/mx1/ptr",
            "-/mx1/dnsbl:bl.test")) {
      assertThat(c.get(k)).as(k + " in\n" + run).isNotNull();
      assertThat(c.get(k).get("status").asText()).as(k + ": " + c.get(k)).isEqualTo("ok");
    }
    // --no-ssh: the DKIM record is checked for syntax only, which is a warning
    assertThat(c.get("good.test/mx1/dkim").get("status").asText()).isEqualTo("warn");
    assertThat(c.get("good.test/mx1/dkim").get("message").asText()).contains("valid syntax");
    JsonNode summary = run.events().get(run.events().size() - 1);
    assertThat(summary.get("type").asText()).isEqualTo("summary");
    assertThat(summary.get("fail").asInt()).isZero();
    assertThat(summary.get("ok").asInt()).isEqualTo(9);
  }

  /**
   * A host reached over a VPN (its SSH address 10.8.0.5) with public_address: dns-report expects
   * the public address in A, PTR and SPF, and the good domain passes as before.
   */
  @Test
  void aPublicAddressIsWhatTheRecordsMustName() throws Exception {
    Path behindVpn = dir.resolve("vpn.toml");
    Files.writeString(
        behindVpn,
        Files.readString(goodInventory)
            .replace(
                "address = \"127.0.0.10\"",
                "address = \"10.8.0.5\"\npublic_address = \"127.0.0.10\""));
    CliRun run = report(behindVpn, "--dnsbl", "bl.test");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, JsonNode> c = byKey(run);
    for (String k : List.of("-/mx1/address", "-/mx1/ptr", "good.test/mx1/spf-host")) {
      assertThat(c.get(k).get("status").asText()).as(k + ": " + c.get(k)).isEqualTo("ok");
    }
    assertThat(run.out()).doesNotContain("10.8.0.5");

    Path wrong = dir.resolve("vpn-only.toml");
    Files.writeString(wrong, Files.readString(goodInventory).replace("127.0.0.10", "10.8.0.5"));
    assertThat(byKey(report(wrong)).get("-/mx1/address").get("status").asText())
        .as("without public_address the VPN address is expected")
        .isEqualTo("fail");
  }

  @Test
  void brokenRecordsFailWithTheLineToPublish() {
    CliRun run = report(allInventory, "--dnsbl", "bl.test,refused.test");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    Map<String, JsonNode> c = byKey(run);
    assertFail(c, "bad.test/-/mx", "bad.test. 3600 IN MX 10 mail.bad.test.");
    assertFail(c, "wrong.test/-/mx", "wrong.test. 3600 IN MX 20 mail.bad.test.");
    assertThat(c.get("bad.test/-/spf").get("message").asText()).contains("2 SPF records");
    assertFail(c, "bad.test/-/spf", null);
    assertThat(c.get("many.test/-/spf").get("message").asText()).contains("11 DNS-querying terms");
    assertFail(c, "many.test/-/spf", null);
    assertFail(
        c,
        "wrong.test/mx2/spf-host",
        "wrong.test. 3600 IN TXT \"v=spf1 ip4:192.0.2.1 ip4:127.0.0.11 -all\"");
    assertFail(c, "bad.test/mx2/dkim", "run mailpush deploy");
    assertFail(
        c,
        "wrong.test/-/dmarc",
        "_dmarc.wrong.test. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@wrong.test\"");
    assertThat(c.get("bad.test/-/dmarc").get("status").asText()).isEqualTo("warn");
    assertThat(c.get("bad.test/-/mta-sts").get("status").asText()).isEqualTo("info");
    assertThat(c.get("bad.test/-/tls-rpt").get("fix").asText())
        .isEqualTo(
            "_smtp._tls.bad.test. 3600 IN TXT \"v=TLSRPTv1; rua=mailto:postmaster@bad.test\"");
    assertFail(c, "-/mx2/address", "mail.bad.test. 3600 IN A 127.0.0.11");
    assertFail(
        c,
        "-/mx2/ptr",
        "ask your hosting provider to set the reverse DNS of 127.0.0.11 to mail.bad.test");
    assertFail(c, "-/mx2/dnsbl:bl.test", "request removal");
    assertThat(c.get("-/mx2/dnsbl:bl.test").get("found").asText())
        .contains("127.0.0.2")
        .contains("listed: see");
    assertThat(c.get("-/mx1/dnsbl:bl.test").get("status").asText()).isEqualTo("ok");
    JsonNode refused = c.get("-/mx1/dnsbl:refused.test");
    assertThat(refused.get("status").asText()).isEqualTo("warn");
    assertThat(refused.get("message").asText())
        .contains("127.255.255.254")
        .contains("not a listing");
  }

  private static void assertFail(Map<String, JsonNode> c, String key, String fix) {
    assertThat(c.get(key)).as(key + " missing from " + c.keySet()).isNotNull();
    assertThat(c.get(key).get("status").asText()).as(key + ": " + c.get(key)).isEqualTo("fail");
    if (fix != null) {
      assertThat(c.get(key).get("fix").asText()).as(key).contains(fix);
    }
  }

  @Test
  void dkimIsComparedWithTheKeyOnTheHost() {
    List<HostConfig> hosts = new InventoryLoader().load(allInventory).hosts();
    String hostFile = RecordChecksTest.genkeyFile(key);
    Map<String, DkimKeySource.HostKeys> keys =
        Map.of(
            "mx1",
                DkimKeySource.HostKeys.Records.of(
                    "mail", Map.of("good.test", Optional.of(hostFile))),
            "mx2",
                DkimKeySource.HostKeys.Records.of(
                    "mail",
                    Map.of(
                        "wrong.test",
                        Optional.of(hostFile),
                        "bad.test",
                        Optional.of(hostFile),
                        "many.test",
                        Optional.empty())));
    List<Check> checks =
        new DnsReport(DnsjavaLookup.server("127.0.0.1", knot.port()), List.of(), Clock.systemUTC())
            .run(hosts, keys);
    Check good = find(checks, "good.test", "dkim");
    assertThat(good.status()).as(good.toString()).isEqualTo(Status.OK);
    Check mismatch = find(checks, "wrong.test", "dkim");
    assertThat(mismatch.status()).isEqualTo(Status.FAIL);
    assertThat(mismatch.message()).contains("not the host's key");
    assertThat(mismatch.fix())
        .startsWith(
            "mail._domainkey.wrong.test. 3600 IN TXT \"v=DKIM1; h=sha256; k=rsa; p="
                + key.substring(0, 20));
    Check unreachable =
        new DnsReport(DnsjavaLookup.server("127.0.0.1", knot.port()), List.of(), Clock.systemUTC())
                .run(
                    hosts.subList(0, 1),
                    Map.of("mx1", new DkimKeySource.HostKeys.Unreachable("connection refused")))
                .stream()
                .filter(ch -> ch.check().equals("dkim"))
                .findFirst()
                .orElseThrow();
    assertThat(unreachable.status()).isEqualTo(Status.WARN);
    assertThat(unreachable.message()).contains("unreachable");
  }

  private static Check find(List<Check> checks, String domain, String check) {
    return checks.stream()
        .filter(c -> domain.equals(c.domain()) && c.check().equals(check))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void humanOutputShowsATablePerDomainWithFixes() {
    CliRun run =
        CliRun.of(
            "dns-report",
            allInventory.toString(),
            "--resolver",
            knot.resolver(),
            "--no-ssh",
            "--dnsbl",
            "bl.test");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out())
        .contains("domain good.test")
        .contains("domain bad.test")
        .contains("host mx2 (mail.bad.test, 127.0.0.11)")
        .contains("fix:   bad.test. 3600 IN MX 10 mail.bad.test.")
        .containsPattern("mx +- +OK")
        .contains("summary: ");
  }

  @Test
  void aResolverThatRefusesIsNamedInPlainWords() {
    DnsAnswer answer =
        DnsjavaLookup.server("127.0.0.1", knot.port()).query("elsewhere.example", RecordType.MX);
    assertThat(answer).isInstanceOf(DnsAnswer.Failure.class);
    assertThat(((DnsAnswer.Failure) answer).reason())
        .contains("the resolver refused the query (REFUSED")
        .doesNotContain("Exception");
  }

  @Test
  void badInvocationExitsTwo() {
    assertThat(
            CliRun.of("dns-report", goodInventory.toString(), "--resolver", "127.0.0.1:notaport")
                .exitCode())
        .isEqualTo(2);
    assertThat(CliRun.of("dns-report", dir.resolve("missing.toml").toString()).exitCode())
        .isEqualTo(2);
    assertThat(
            CliRun.of("dns-report", goodInventory.toString(), "--dnsbl", "not a zone").exitCode())
        .isEqualTo(2);
  }
}
