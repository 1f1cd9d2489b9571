package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/**
 * DANE records: what dns apply wants for a host's keys, how a zone is known to be signed, and the
 * dns-tlsa check's outcomes against a fixed DNS.
 */
class TlsaTest {
  static final String SERVED = "a".repeat(64);
  static final String NEXT = "b".repeat(64);
  static final String OLD = "c".repeat(64);
  static final String NAME = "_25._tcp.mail.example.com";

  @TempDir static Path dir;
  static HostConfig host;

  @BeforeAll
  static void setUp() throws Exception {
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.toml"),
            """
            [mail]
            virtual_domains = ["example.com"]
            [hosts.mx1]
            address = "192.0.2.10"
            hostname = "mail.example.com"
            """);
    host = new InventoryLoader(dir).load(inventory).hosts().get(0);
  }

  static TlsKeySource.HostKeys keys(String served, String next) {
    return new TlsKeySource.HostKeys.Hashes(Optional.ofNullable(served), Optional.ofNullable(next));
  }

  /** example.com is a signed zone (its parent com is too, which says nothing). */
  static FakeDns signed() {
    return new FakeDns()
        .add(
            "com", RecordType.SOA, "a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 1 86400")
        .add("com", RecordType.DNSKEY, "257 3 13 COM")
        .add(
            "example.com",
            RecordType.SOA,
            "ns.example.com. hostmaster.example.com. 1 3600 600 1 300")
        .add("example.com", RecordType.DNSKEY, "257 3 13 KEY")
        .add("mail.example.com", RecordType.A, "192.0.2.10");
  }

  static Check check(FakeDns dns, TlsKeySource.HostKeys keys) {
    return TlsaCheck.check(dns, "mx1", "mail.example.com", keys);
  }

  @Test
  void aRecordNamesTheKeysSha256AndCompareIgnoringCase() {
    assertThat(Tlsa.name("Mail.Example.com.")).isEqualTo(NAME);
    assertThat(Tlsa.data("ABCDEF")).isEqualTo("3 1 1 abcdef");
    assertThat(new Tlsa.Published.Records(List.of("3 1 1 " + SERVED.toUpperCase())).matches(SERVED))
        .isTrue();
    assertThat(new Tlsa.Published.Records(List.of("2 1 1 " + SERVED)).matches(SERVED)).isFalse();
    assertThat(Tlsa.wanted(SERVED, Optional.of(NEXT)))
        .containsExactly("3 1 1 " + SERVED, "3 1 1 " + NEXT);
    assertThat(Tlsa.wanted(SERVED, Optional.of(SERVED))).containsExactly("3 1 1 " + SERVED);
    assertThat(Tlsa.wanted(SERVED, Optional.empty())).containsExactly("3 1 1 " + SERVED);
  }

  @Test
  void dnsjavasTlsaRecordReadsAsPresentationDataInLowerCase() throws Exception {
    byte[] hash = HexFormat.of().parseHex(SERVED.replace('a', 'F'));
    TLSARecord r = new TLSARecord(Name.fromString(NAME + "."), DClass.IN, 3600, 3, 1, 1, hash);
    assertThat(DnsjavaLookup.data(r)).contains("3 1 1 " + SERVED.replace('a', 'f'));
    assertThat(new ZoneRecord(NAME, "TLSA", "3 1 1 " + SERVED).line(3600))
        .isEqualTo("_25._tcp.mail.example.com. 3600 IN TLSA 3 1 1 " + SERVED);
  }

  @Test
  void aZoneIsSignedWhenItsApexHasADnskeyNotItsParent() {
    assertThat(Tlsa.signing(signed(), "mail.example.com"))
        .isEqualTo(new Tlsa.Signing.Signed("example.com"));
    FakeDns unsigned =
        new FakeDns()
            .add("com", RecordType.SOA, "x")
            .add("com", RecordType.DNSKEY, "257 3 13 COM")
            .add("example.com", RecordType.SOA, "x");
    assertThat(Tlsa.signing(unsigned, "mail.example.com"))
        .isEqualTo(new Tlsa.Signing.Unsigned("example.com"));
    FakeDns failing =
        new FakeDns().answer("mail.example.com", RecordType.SOA, new DnsAnswer.Failure("timeout"));
    assertThat(Tlsa.signing(failing, "mail.example.com")).isInstanceOf(Tlsa.Signing.Unknown.class);
    assertThat(Tlsa.signing(new FakeDns(), "mail.example.com"))
        .isInstanceOf(Tlsa.Signing.Unknown.class);
  }

  @Test
  void aSignedZoneWithoutTlsaWarnsWithTheRecordsToAdd() {
    Check c = check(signed(), keys(SERVED, NEXT));
    assertThat(c.check()).isEqualTo("dns-tlsa");
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message()).contains("signed", "no TLSA");
    assertThat(c.fix())
        .contains("mailpush dns apply")
        .contains(NAME + ". 3600 IN TLSA 3 1 1 " + SERVED)
        .contains(NAME + ". 3600 IN TLSA 3 1 1 " + NEXT);
  }

  @Test
  void aTlsaThatDoesNotNameTheServedKeyFails() {
    Check c = check(signed().add(NAME, RecordType.TLSA, "3 1 1 " + OLD), keys(SERVED, NEXT));
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("defer");
    assertThat(c.found()).contains(OLD);
  }

  @Test
  void aMissingNextKeyRecordWarnsThatARenewalWouldKeepTheKey() {
    Check c = check(signed().add(NAME, RecordType.TLSA, "3 1 1 " + SERVED), keys(SERVED, NEXT));
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message()).contains("next key", "renewal");
    assertThat(c.fix()).contains(NEXT);
  }

  @Test
  void bothKeysPublishedIsOk() {
    FakeDns dns =
        signed().add(NAME, RecordType.TLSA, "3 1 1 " + NEXT.toUpperCase(), "3 1 1 " + SERVED);
    assertThat(check(dns, keys(SERVED, NEXT)).status()).isEqualTo(Status.OK);
    assertThat(check(dns, keys(SERVED, null)).status()).isEqualTo(Status.OK);
  }

  @Test
  void anUnsignedZoneIsOnlyInformation() {
    FakeDns dns = new FakeDns().add("example.com", RecordType.SOA, "x");
    Check c = check(dns, keys(SERVED, NEXT));
    assertThat(c.status()).isEqualTo(Status.INFO);
    assertThat(c.message()).contains("not DNSSEC-signed", "DANE needs DNSSEC");
  }

  @Test
  void publishedRecordsAreNotJudgedWithoutTheHostsKeys() {
    FakeDns dns = signed().add(NAME, RecordType.TLSA, "3 1 1 " + OLD);
    Check c = check(dns, new TlsKeySource.HostKeys.Unreachable("connection refused"));
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message()).contains("connection refused");
  }

  @Test
  void dnsApplyWantsTheServedAndTheNextKeyOfEachHost() {
    List<Check> problems = new ArrayList<>();
    List<WantedRecord> wanted =
        WantedRecords.of(
            List.of(host),
            Map.of("mx1", new DkimKeySource.HostKeys.NotAsked()),
            Map.of("mx1", keys(SERVED, NEXT)),
            new FakeDns(),
            problems);
    assertThat(wanted)
        .filteredOn(w -> w instanceof WantedRecord.Tlsa)
        .singleElement()
        .isEqualTo(
            new WantedRecord.Tlsa(
                dev.mailpush.report.Subject.host("mx1"),
                NAME,
                List.of("3 1 1 " + SERVED, "3 1 1 " + NEXT),
                ""));
    WantedRecord.Tlsa unknown =
        WantedRecords.tlsa(host, new TlsKeySource.HostKeys.Unreachable("no route"));
    assertThat(unknown.data()).isEmpty();
    assertThat(unknown.why()).contains("no route");
    assertThat(WantedRecords.tlsa(host, keys(null, null)).why()).contains("no certificate");
  }
}
