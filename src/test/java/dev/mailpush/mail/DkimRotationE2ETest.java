package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailpush dkim rotate} on one trixie host against knotd with TSIG. Mail is submitted on 587
 * as alice, read back over IMAPS, and its DKIM-Signature checked with dkimpy against the record
 * knotd serves, so "verifies" means "verifies with what DNS publishes". Without [dns] a rotation
 * makes the key, prints its record and keeps signing with the old key; with [dns] it publishes the
 * record, sees it on knotd and only then switches; a redeploy keeps the new key; the old record
 * stays until the grace period ends and then goes with the old key; nothing more is sent after.
 */
@RequiresDocker(suites = "trixie")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DkimRotationE2ETest {
  static final String HOSTNAME = "mx1.r.test";
  static final String DOMAIN = "r.test";
  static final String PASSWORD = "Rotate-e2e-secret-7Qp";
  static final String KEYS = "/etc/opendkim/keys/" + DOMAIN;

  @TempDir static Path dir;
  static TargetHost host;
  static Mx mx;
  static KnotServer knot;
  static Path withDns;
  static Path withoutDns;
  static String newSelector;

  @BeforeAll
  static void deploy() throws Exception {
    host = TargetHost.builder("trixie").publish(587, 993).hostname(HOSTNAME).start();
    mx = new Mx("trixie", "mx1", HOSTNAME, host);
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    String secret = java.util.Base64.getEncoder().encodeToString(raw);
    Path keyFile = dir.resolve("tsig.key");
    Files.writeString(keyFile, secret + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> zones = KnotServer.zones();
    zones.put(DOMAIN, "");
    knot = KnotServer.acceptingUpdates(dir.resolve("knot"), zones, "mailpush", secret);
    String hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
    TestInventory inventory =
        TestInventory.builder(dir.resolve("inv"))
            .host("mx1", HOSTNAME, host)
            .extraToml(
                String.join(
                    "\n",
                    "[mail]",
                    "enable_antispam = false",
                    "enable_spf_check = false",
                    "enable_fail2ban = false",
                    "virtual_domains = [\"" + DOMAIN + "\"]",
                    "dkim_selector = \"mail\"",
                    "[mail.virtual_addresses]",
                    "\"alice@" + DOMAIN + "\" = \"alice\"",
                    "[mail.users.alice]",
                    "password_hash = \"" + hash + "\"",
                    "[tls]",
                    "mode = \"self-signed\""))
            .write();
    withoutDns = inventory.file();
    withDns = dir.resolve("inventory-dns.toml");
    Files.writeString(
        withDns,
        Files.readString(withoutDns)
            + "\n[dns]\nserver = \""
            + knot.resolver()
            + "\"\ntsig_key_name = \"mailpush\"\ntsig_secret_file = \""
            + keyFile
            + "\"\n");
    CliRun deploy = CliRun.of("deploy", withDns.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  @Order(1)
  void theFirstKeyIsPublishedByDnsApplyAndSigns() throws Exception {
    assertThat(mx.sh("cat " + KEYS + "/state")).contains("active mail");
    CliRun apply = CliRun.of("dns", "apply", withDns.toString());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(knot.values("mail._domainkey." + DOMAIN, "TXT")).hasSize(1);
    assertSignedAndVerified("mail");
  }

  @Test
  @Order(2)
  void withoutDnsTheNewKeyIsMadeAndPrintedButSigningStaysOnTheOldOne() throws Exception {
    long updates = knot.updates();
    CliRun rotate = rotate(withoutDns, "--json");
    System.out.println("---- dkim rotate without [dns]\n" + rotate.out());
    assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
    newSelector = pending();
    assertThat(newSelector).matches("mp20[0-9]{6}");
    assertThat(mx.sh("ls " + KEYS)).contains(newSelector + ".private", newSelector + ".txt");
    JsonNode wait = last(rotate);
    assertThat(wait.get("status").asText()).isEqualTo("warn");
    assertThat(wait.get("message").asText()).contains("waiting: publish the record");
    assertThat(wait.get("fix").asText())
        .startsWith(newSelector + "._domainkey." + DOMAIN + ". ")
        .contains("IN TXT", "p=");
    assertThat(knot.updates()).as("nothing sent without [dns]").isEqualTo(updates);
    assertThat(mx.sh("cat /etc/opendkim/SigningTable")).contains("mail._domainkey." + DOMAIN);
    assertSignedAndVerified("mail");

    CliRun again = rotate(withoutDns);
    System.out.println("---- dkim rotate without [dns], again\n" + again.out());
    assertThat(pending()).as("no second new key").isEqualTo(newSelector);
    assertThat(again.out()).contains("waiting: publish the record");
    assertThat(mx.sh("cat /etc/opendkim/SigningTable")).doesNotContain(newSelector);
  }

  @Test
  @Order(3)
  void withDnsTheRecordIsPublishedSeenAndOnlyThenSigningSwitches() throws Exception {
    long before = knot.updates();
    CliRun check = rotate(withDns, "--check");
    System.out.println("---- dkim rotate --check\n" + check.out());
    assertThat(check.out()).contains("--check: would publish " + newSelector + "._domainkey");
    assertThat(knot.updates()).isEqualTo(before);

    CliRun rotate = rotate(withDns, "--json");
    System.out.println("---- dkim rotate with [dns]\n" + rotate.out());
    assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
    List<String> messages =
        rotate.events().stream()
            .filter(e -> e.path("check").asText().equals("dkim-rotate"))
            .map(e -> e.get("message").asText())
            .toList();
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0)).startsWith("record of the new key " + newSelector + " sent to");
    assertThat(messages.get(1))
        .startsWith("signing switched from mail to " + newSelector)
        .contains("visible with the new key");
    assertThat(messages.get(2)).contains("waiting: the previous key mail stays published");
    assertThat(knot.updates() - before).as("one update").isEqualTo(1);
    assertThat(knot.values(newSelector + "._domainkey." + DOMAIN, "TXT")).hasSize(1);
    assertThat(knot.values("mail._domainkey." + DOMAIN, "TXT")).as("old record kept").hasSize(1);
    assertThat(mx.sh("cat " + KEYS + "/state")).contains("active " + newSelector, "retiring mail ");
    assertSignedAndVerified(newSelector);

    CliRun apply = CliRun.of("dns", "apply", withDns.toString());
    assertThat(apply.out()).contains("every zone is up to date: no update sent");
    CliRun report =
        CliRun.of("dns-report", withDns.toString(), "--resolver", knot.resolver(), "--json");
    Map<String, String> statuses = new java.util.HashMap<>();
    report.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .forEach(e -> statuses.put(e.path("check").asText(), e.path("status").asText()));
    assertThat(statuses).containsEntry("dkim", "ok").containsEntry("dkim-retiring", "ok");
  }

  @Test
  @Order(4)
  void aRedeployKeepsSigningWithTheRotatedKey() throws Exception {
    CliRun deploy = CliRun.of("deploy", withDns.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(mx.sh("cat /etc/opendkim/SigningTable"))
        .contains("*@" + DOMAIN + " " + newSelector + "._domainkey." + DOMAIN);
    assertSignedAndVerified(newSelector);
  }

  @Test
  @Order(5)
  void theOldRecordStaysUntilTheGraceEndsThenGoesWithTheOldKey() throws Exception {
    long before = knot.updates();
    CliRun early = rotate(withDns);
    System.out.println("---- dkim rotate within the grace period\n" + early.out());
    assertThat(early.out()).contains("waiting: the previous key mail stays published until");
    assertThat(knot.updates()).isEqualTo(before);
    assertThat(knot.values("mail._domainkey." + DOMAIN, "TXT")).hasSize(1);

    CliRun late = rotate(withDns, "--grace", "0s");
    System.out.println("---- dkim rotate after the grace period (--grace 0s)\n" + late.out());
    assertThat(late.exitCode()).as(late.toString()).isZero();
    assertThat(late.out()).contains("its record removed from", "rotation complete");
    assertThat(knot.updates() - before).isEqualTo(1);
    assertThat(knot.values("mail._domainkey." + DOMAIN, "TXT")).isEmpty();
    assertThat(knot.values("_mailpush.mail._domainkey." + DOMAIN, "TXT")).isEmpty();
    assertThat(knot.values(newSelector + "._domainkey." + DOMAIN, "TXT")).hasSize(1);
    assertThat(mx.sh("ls " + KEYS)).doesNotContain("mail.private").doesNotContain("mail.txt");
    assertThat(mx.sh("cat " + KEYS + "/state")).doesNotContain("retiring");
    assertSignedAndVerified(newSelector);
    CliRun status = CliRun.of("status", withDns.toString(), "--json");
    JsonNode dkim =
        status.events().stream()
            .filter(e -> e.path("check").asText().equals("dkim-" + DOMAIN))
            .findFirst()
            .orElseThrow(() -> new AssertionError(status.out()));
    assertThat(dkim.get("status").asText()).as(dkim.toString()).isEqualTo("ok");
    assertThat(dkim.get("message").asText()).contains("(" + newSelector + ")");

    long after = knot.updates();
    CliRun apply = CliRun.of("dns", "apply", withDns.toString());
    assertThat(apply.out()).contains("every zone is up to date: no update sent");
    CliRun next = rotate(withDns, "--check");
    System.out.println("---- dkim rotate --check after a finished rotation\n" + next.out());
    assertThat(next.out()).contains("--check: would make a new key");
    assertThat(knot.updates()).as("nothing sent after the rotation").isEqualTo(after);
    assertThat(mx.sh("ls " + KEYS + " | grep -c private").strip()).isEqualTo("1");
    System.out.println("---- knotd log\n" + knot.log());
  }

  private static CliRun rotate(Path inventory, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("dkim", "rotate", inventory.toString(), "--resolver", knot.resolver()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static JsonNode last(CliRun run) {
    return run.events().stream()
        .filter(e -> e.path("check").asText().equals("dkim-rotate"))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no dkim-rotate check in " + run.out()));
  }

  private static String pending() {
    Matcher m = Pattern.compile("(?m)^pending (\\S+)$").matcher(mx.sh("cat " + KEYS + "/state"));
    assertThat(m.find()).as("a pending selector in the state file").isTrue();
    return m.group(1);
  }

  /** Mail submitted now carries s=SELECTOR and verifies against the record knotd serves. */
  private static void assertSignedAndVerified(String selector) throws Exception {
    String token = Mx.token();
    mx.submit(
        "alice", PASSWORD, "alice@" + DOMAIN, "alice@" + DOMAIN, "rotate " + token, "signed?");
    byte[] raw =
        mx.awaitMail("alice", PASSWORD, List.of("INBOX"), token)
            .raw()
            .getBytes(StandardCharsets.UTF_8);
    String text = new String(raw, StandardCharsets.UTF_8);
    Matcher s = Pattern.compile("(?is)DKIM-Signature:.*?\\bs=([a-z0-9-]+)\\s*;").matcher(text);
    assertThat(s.find()).as("a DKIM-Signature in\n" + text).isTrue();
    assertThat(s.group(1)).as("the signing selector").isEqualTo(selector);
    String name = selector + "._domainkey." + DOMAIN;
    List<String> published = knot.values(name, "TXT");
    assertThat(published).as("knotd serves " + name).hasSize(1);
    DkimVerifier.Verdict v = DkimVerifier.verify(raw, name, published.get(0));
    assertThat(v.valid()).as("dkimpy against knotd's record:\n" + v.output()).isTrue();
  }
}
