package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.dkim.DkimState;
import dev.mailpush.dkim.DomainKeys;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host in the middle of a rotation keeps three keys of a domain: dns apply wants the record of
 * each, and dns-report checks each by its role.
 */
class DkimSelectorsTest {
  static String active;
  static String pending;
  static String retiring;

  @TempDir static Path dir;
  static HostConfig host;

  @BeforeAll
  static void setUp() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    active = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    pending = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    retiring = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.toml"),
            """
            [mail]
            virtual_domains = ["example.com"]
            dkim_selector = "mail"
            [hosts.mx1]
            address = "192.0.2.10"
            hostname = "mail.example.com"
            """);
    host = new InventoryLoader(dir).load(inventory).hosts().get(0);
  }

  static String file(String p) {
    return "x._domainkey IN TXT ( \"v=DKIM1; k=rsa; \" \"p=" + p + "\" )";
  }

  /** Signing with s1 (rotated), s2 pending, mail retiring since a day. */
  static Map<String, DkimKeySource.HostKeys> keys() {
    DkimState state =
        new DkimState(
            Optional.of("s1"),
            Optional.of("s2"),
            Optional.of(new DkimState.Retiring("mail", Instant.parse("2026-12-02T00:00:00Z"))));
    DomainKeys k =
        new DomainKeys(
            "s1",
            state,
            Map.of(
                "s1",
                Optional.of(file(active)),
                "s2",
                Optional.of(file(pending)),
                "mail",
                Optional.of(file(retiring))));
    return Map.of("mx1", new DkimKeySource.HostKeys.Records(Map.of("example.com", k)));
  }

  @Test
  void dnsApplyWantsTheRecordOfEveryKeyTheHostKeeps() {
    List<Check> problems = new ArrayList<>();
    List<WantedRecord> wanted = WantedRecords.of(List.of(host), keys(), new FakeDns(), problems);
    List<String> dkim =
        wanted.stream()
            .filter(w -> w.kind().equals("DKIM"))
            .map(w -> w.name() + " " + ((WantedRecord.Exact) w).data().get(0))
            .toList();
    assertThat(dkim)
        .containsExactly(
            "s1._domainkey.example.com v=DKIM1; k=rsa; p=" + active,
            "s2._domainkey.example.com v=DKIM1; k=rsa; p=" + pending,
            "mail._domainkey.example.com v=DKIM1; k=rsa; p=" + retiring);
  }

  @Test
  void dnsReportChecksEachKeyByItsRole() throws IOException {
    FakeDns dns =
        new FakeDns()
            .add("s1._domainkey.example.com", RecordType.TXT, "v=DKIM1; k=rsa; p=" + active);
    Map<String, Check> c = new java.util.HashMap<>();
    new DnsReport(dns, List.of(), Clock.systemUTC())
        .run(List.of(host), keys()).stream()
            .filter(x -> x.check().startsWith("dkim"))
            .forEach(x -> c.put(x.check(), x));
    assertThat(c.get("dkim").status()).as(c.toString()).isEqualTo(Status.OK);
    assertThat(c.get("dkim-pending").status()).isEqualTo(Status.INFO);
    assertThat(c.get("dkim-pending").message()).contains("next key s2", "not signing yet");
    assertThat(c.get("dkim-pending").fix()).startsWith("s2._domainkey.example.com.");
    assertThat(c.get("dkim-retiring").status()).isEqualTo(Status.WARN);
    assertThat(c.get("dkim-retiring").message()).contains("previous key mail");

    FakeDns missing = new FakeDns();
    Map<String, Check> m = new java.util.HashMap<>();
    new DnsReport(missing, List.of(), Clock.systemUTC())
        .run(List.of(host), keys()).stream()
            .filter(x -> x.check().startsWith("dkim"))
            .forEach(x -> m.put(x.check(), x));
    assertThat(m.get("dkim").status())
        .as("the signing key's record missing")
        .isEqualTo(Status.FAIL);
    assertThat(m.get("dkim").fix()).startsWith("s1._domainkey.example.com.");
  }
}
