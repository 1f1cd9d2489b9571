package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What dns apply decides, against a zone held in memory: only what mailpush owns or what is missing
 * changes; a foreign SPF is merged; the admin's policies stay; --force replaces; every change
 * claims its record set; an up-to-date zone needs no update. (The wire side is tested against
 * knotd.)
 */
class DnsApplyPlannerTest {
  /** One zone, a.test, as a list of records. */
  static final class MemoryStore implements RecordStore {
    final List<ZoneRecord> records = new ArrayList<>();

    MemoryStore with(String name, String type, String data) {
      records.add(new ZoneRecord(name, type, data));
      return this;
    }

    @Override
    public String zoneOf(String name) {
      return "a.test";
    }

    @Override
    public List<ZoneRecord> read(String name, String type) {
      return ZoneRecord.of(records, name, type);
    }

    @Override
    public void apply(ZoneChange change, int ttl) {
      records.removeAll(change.deletes());
      records.addAll(change.adds());
    }

    @Override
    public String describe() {
      return "memory";
    }
  }

  static final Subject A = Subject.domain("a.test");
  static final WantedRecord MX =
      new WantedRecord.Exact(A, "dns-mx", "MX", "a.test", "MX", List.of("10 mx1.a.test"), true);
  static final WantedRecord SPF = new WantedRecord.Spf(A, "a.test");
  static final WantedRecord DMARC =
      new WantedRecord.IfMissing(
          A, "dns-dmarc", "DMARC", "_dmarc.a.test", "v=DMARC1", "v=DMARC1; p=quarantine");

  private static DnsApplyPlanner.Plan plan(MemoryStore store, boolean force, WantedRecord... w) {
    return DnsApplyPlanner.plan(List.of(w), store, force, 3600);
  }

  private static Status status(DnsApplyPlanner.Plan p, String check) {
    return p.checks().stream()
        .filter(c -> c.check().equals(check))
        .findFirst()
        .orElseThrow()
        .status();
  }

  @Test
  void anEmptyZoneGetsEveryRecordAndTheOwnershipNotesThenNothingMore() {
    MemoryStore store = new MemoryStore();
    DnsApplyPlanner.Plan first = plan(store, false, MX, SPF, DMARC);
    assertThat(first.changes()).hasSize(1);
    ZoneChange c = first.changes().get(0);
    assertThat(c.lines(3600))
        .containsExactly(
            "+ a.test. 3600 IN MX 10 mx1.a.test.",
            "+ _mailpush.a.test. 3600 IN TXT \"mailpush owns MX\"",
            "+ a.test. 3600 IN TXT \"v=spf1 mx -all\"",
            "+ _mailpush.a.test. 3600 IN TXT \"mailpush owns SPF\"",
            "+ _dmarc.a.test. 3600 IN TXT \"v=DMARC1; p=quarantine\"",
            "+ _mailpush._dmarc.a.test. 3600 IN TXT \"mailpush owns DMARC\"");
    assertThat(c.expected())
        .containsEntry("a.test/MX", List.of())
        .containsEntry("a.test/TXT", List.of());
    store.apply(c, 3600);
    assertThat(plan(store, false, MX, SPF, DMARC).changes()).as("second run").isEmpty();
  }

  @Test
  void aForeignMxIsAConflictUnlessForcedAndOneThatIncludesOursIsFine() {
    MemoryStore store = new MemoryStore().with("a.test", "MX", "10 mx.elsewhere.test");
    DnsApplyPlanner.Plan refused = plan(store, false, MX);
    assertThat(refused.changes()).isEmpty();
    Check conflict = refused.checks().get(0);
    assertThat(conflict.status()).isEqualTo(Status.FAIL);
    assertThat(conflict.fix()).contains("--force", "a.test. 3600 IN MX 10 mx1.a.test.");

    DnsApplyPlanner.Plan forced = plan(store, true, MX);
    assertThat(forced.changes().get(0).lines(3600))
        .startsWith(
            "- a.test. 3600 IN MX 10 mx.elsewhere.test.", "+ a.test. 3600 IN MX 10 mx1.a.test.");

    MemoryStore both =
        new MemoryStore()
            .with("a.test", "MX", "10 mx1.a.test")
            .with("a.test", "MX", "20 backup.b.test");
    assertThat(plan(both, false, MX).changes()).as("the admin's backup MX stays").isEmpty();
  }

  @Test
  void aRecordMailpushWroteIsCorrectedWithoutForce() {
    MemoryStore store =
        new MemoryStore()
            .with("mx1.a.test", "A", "192.0.2.1")
            .with("_mailpush.mx1.a.test", "TXT", "mailpush owns A");
    WantedRecord address =
        new WantedRecord.Exact(
            Subject.host("mx1"),
            "dns-address",
            "A",
            "mx1.a.test",
            "A",
            List.of("192.0.2.9"),
            false);
    DnsApplyPlanner.Plan p = plan(store, false, address);
    assertThat(status(p, "dns-address")).isEqualTo(Status.OK);
    assertThat(p.changes().get(0).lines(300))
        .containsExactly("- mx1.a.test. 300 IN A 192.0.2.1", "+ mx1.a.test. 300 IN A 192.0.2.9");
    assertThat(p.changes().get(0).expected()).containsOnlyKeys("mx1.a.test/A");
  }

  @Test
  void aGoneRecordIsRemovedWithItsNoteOnlyWhenMailpushWroteIt() {
    WantedRecord old = WantedRecords.dkimRecord("a.test", "mx1", "mail", "v=DKIM1; p=OLD");
    WantedRecord gone =
        new WantedRecord.Gone(A, "dns-dkim", "DKIM", "mail._domainkey.a.test", "TXT");
    MemoryStore store = new MemoryStore();
    store.apply(plan(store, false, old).changes().get(0), 3600);
    DnsApplyPlanner.Plan p = plan(store, false, gone);
    assertThat(p.changes().get(0).lines(3600))
        .containsExactly(
            "- mail._domainkey.a.test. 3600 IN TXT \"v=DKIM1; p=OLD\"",
            "- _mailpush.mail._domainkey.a.test. 3600 IN TXT \"mailpush owns DKIM\"");
    store.apply(p.changes().get(0), 3600);
    assertThat(store.records).isEmpty();
    assertThat(plan(store, false, gone).changes()).as("second run").isEmpty();

    MemoryStore foreign =
        new MemoryStore().with("mail._domainkey.a.test", "TXT", "v=DKIM1; p=THEIRS");
    DnsApplyPlanner.Plan kept = plan(foreign, false, gone);
    assertThat(kept.changes()).isEmpty();
    assertThat(status(kept, "dns-dkim")).isEqualTo(Status.WARN);
  }

  @Test
  void aForeignSpfRecordIsMergedAndOtherTxtRecordsStay() {
    MemoryStore store =
        new MemoryStore()
            .with("a.test", "TXT", "site-verification=x")
            .with("a.test", "TXT", "v=spf1 include:_spf.partner.test ~all");
    ZoneChange c = plan(store, false, SPF).changes().get(0);
    assertThat(c.deletes())
        .containsExactly(new ZoneRecord("a.test", "TXT", "v=spf1 include:_spf.partner.test ~all"));
    assertThat(c.adds())
        .contains(new ZoneRecord("a.test", "TXT", "v=spf1 include:_spf.partner.test mx ~all"));
    assertThat(c.expected().get("a.test/TXT")).hasSize(2);

    MemoryStore already = new MemoryStore().with("a.test", "TXT", "v=spf1 mx include:x.test -all");
    assertThat(plan(already, false, SPF).changes()).isEmpty();

    MemoryStore two =
        new MemoryStore()
            .with("a.test", "TXT", "v=spf1 a -all")
            .with("a.test", "TXT", "v=spf1 mx -all");
    assertThat(status(plan(two, false, SPF), "dns-spf")).isEqualTo(Status.FAIL);
    assertThat(plan(two, true, SPF).changes().get(0).adds())
        .contains(new ZoneRecord("a.test", "TXT", "v=spf1 mx -all"));
  }

  @Test
  void theAdminsDmarcPolicyStays() {
    MemoryStore store = new MemoryStore().with("_dmarc.a.test", "TXT", "v=DMARC1; p=reject");
    DnsApplyPlanner.Plan p = plan(store, true, DMARC);
    assertThat(p.changes()).isEmpty();
    assertThat(p.checks().get(0).message()).contains("kept as published");
  }

  static final String SERVED = "a".repeat(64);
  static final String NEXT = "b".repeat(64);
  static final String OLD = "c".repeat(64);

  static WantedRecord tlsa(String... hashes) {
    return new WantedRecord.Tlsa(
        Subject.host("mx1"),
        "_25._tcp.mx1.a.test",
        java.util.Arrays.stream(hashes).map(Tlsa::data).toList(),
        hashes.length == 0 ? "the host serves no certificate yet" : "");
  }

  @Test
  void tlsaIsWrittenOnlyInASignedZone() {
    MemoryStore unsigned = new MemoryStore();
    DnsApplyPlanner.Plan p = plan(unsigned, false, tlsa(SERVED, NEXT));
    assertThat(p.changes()).isEmpty();
    assertThat(status(p, "dns-tlsa")).isEqualTo(Status.INFO);
    assertThat(p.checks().get(0).message()).contains("not DNSSEC-signed");

    MemoryStore signed = new MemoryStore().with("a.test", "DNSKEY", "257 3 13 KEY");
    DnsApplyPlanner.Plan first = plan(signed, false, tlsa(SERVED, NEXT));
    assertThat(first.changes().get(0).lines(3600))
        .containsExactly(
            "+ _25._tcp.mx1.a.test. 3600 IN TLSA 3 1 1 " + SERVED,
            "+ _25._tcp.mx1.a.test. 3600 IN TLSA 3 1 1 " + NEXT,
            "+ _mailpush._25._tcp.mx1.a.test. 3600 IN TXT \"mailpush owns TLSA\"");
    signed.apply(first.changes().get(0), 3600);
    assertThat(plan(signed, false, tlsa(SERVED, NEXT)).changes()).as("second run").isEmpty();

    DnsApplyPlanner.Plan unknown = plan(signed, false, tlsa());
    assertThat(unknown.changes()).as("keys not read: the records stay").isEmpty();
    assertThat(status(unknown, "dns-tlsa")).isEqualTo(Status.WARN);
  }

  @Test
  void afterARenewalTheFormerServedKeysTlsaGoesAndTheFreshNextKeysComes() {
    MemoryStore signed = new MemoryStore().with("a.test", "DNSKEY", "257 3 13 KEY");
    signed.apply(plan(signed, false, tlsa(OLD, SERVED)).changes().get(0), 3600);
    DnsApplyPlanner.Plan renewed = plan(signed, false, tlsa(SERVED, NEXT));
    assertThat(renewed.changes().get(0).lines(3600))
        .containsExactly(
            "- _25._tcp.mx1.a.test. 3600 IN TLSA 3 1 1 " + OLD,
            "+ _25._tcp.mx1.a.test. 3600 IN TLSA 3 1 1 " + NEXT);
    assertThat(renewed.changes().get(0).expected()).containsKey("_25._tcp.mx1.a.test/TLSA");
    signed.apply(renewed.changes().get(0), 3600);
    assertThat(ZoneRecord.of(signed.records, "_25._tcp.mx1.a.test", "TLSA"))
        .extracting(ZoneRecord::data)
        .containsExactlyInAnyOrder(Tlsa.data(SERVED), Tlsa.data(NEXT));
  }

  @Test
  void aForeignTlsaIsAConflictUnlessForced() {
    MemoryStore signed =
        new MemoryStore()
            .with("a.test", "DNSKEY", "257 3 13 KEY")
            .with("_25._tcp.mx1.a.test", "TLSA", Tlsa.data(OLD));
    DnsApplyPlanner.Plan refused = plan(signed, false, tlsa(SERVED));
    assertThat(refused.changes()).isEmpty();
    assertThat(status(refused, "dns-tlsa")).isEqualTo(Status.FAIL);
    assertThat(plan(signed, true, tlsa(SERVED)).changes().get(0).deletes())
        .containsExactly(new ZoneRecord("_25._tcp.mx1.a.test", "TLSA", Tlsa.data(OLD)));
  }
}
