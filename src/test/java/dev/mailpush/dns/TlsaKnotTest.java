package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.DnsConfig;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLSA over the wire: knotd signs signed.test and not plain.test; dns apply writes a host's TLSA
 * set only into the signed zone (TSIG-signed RFC 2136), reads it back as it wrote it, sends nothing
 * the second time, and swaps a stale hash for the new one.
 */
class TlsaKnotTest {
  static final String SERVED = "a1".repeat(32);
  static final String NEXT = "B2".repeat(32);
  static final String FRESH = "c3".repeat(32);

  @TempDir static Path dir;
  static KnotServer knot;
  static DnsConfig config;

  @BeforeAll
  static void start() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = Base64.getEncoder().encodeToString(raw);
    Map<String, String> zones = KnotServer.zones();
    zones.put("signed.test", "mx IN A 192.0.2.1");
    zones.put("plain.test", "mx IN A 192.0.2.2");
    knot =
        KnotServer.signedAcceptingUpdates(
            dir.resolve("knot"), zones, Set.of("signed.test"), "127.0.0.1", "mailpush", secret);
    config = new DnsConfig("127.0.0.1", knot.port(), "mailpush", "hmac-sha256", secret, 3600);
  }

  @AfterAll
  static void stop() {
    if (knot != null) {
      knot.close();
    }
  }

  static WantedRecord tlsa(String host, String... hashes) {
    return new WantedRecord.Tlsa(
        Subject.host("mx1"),
        Tlsa.name(host),
        List.of(hashes).stream().map(Tlsa::data).toList(),
        "");
  }

  static DnsApplyPlanner.Plan apply(WantedRecord w) throws DnsStoreException {
    Rfc2136Store store = new Rfc2136Store(config);
    DnsApplyPlanner.Plan plan = DnsApplyPlanner.plan(List.of(w), store, false, 3600);
    for (ZoneChange c : plan.changes()) {
      store.apply(c, 3600);
    }
    return plan;
  }

  static List<String> published(String host) {
    return knot.values(Tlsa.name(host), "TLSA");
  }

  @Test
  void theSignedZoneGetsTheSetOnceAndARenewalSwapsTheStaleHash() throws Exception {
    DnsApplyPlanner.Plan first = apply(tlsa("mx.signed.test", SERVED, NEXT));
    assertThat(first.changes().get(0).lines(3600))
        .contains("+ _25._tcp.mx.signed.test. 3600 IN TLSA 3 1 1 " + SERVED);
    assertThat(published("mx.signed.test"))
        .containsExactlyInAnyOrder(Tlsa.data(SERVED), Tlsa.data(NEXT));
    long updates = knot.updates();
    assertThat(apply(tlsa("mx.signed.test", SERVED, NEXT)).changes()).as("second run").isEmpty();
    assertThat(knot.updates()).isEqualTo(updates);

    apply(tlsa("mx.signed.test", NEXT, FRESH));
    assertThat(published("mx.signed.test"))
        .containsExactlyInAnyOrder(Tlsa.data(NEXT), Tlsa.data(FRESH));

    DnsjavaLookup lookup = DnsjavaLookup.server("127.0.0.1", knot.port());
    assertThat(Tlsa.signing(lookup, "mx.signed.test"))
        .isEqualTo(new Tlsa.Signing.Signed("signed.test"));
    assertThat(
            TlsaCheck.check(
                lookup,
                "mx1",
                "mx.signed.test",
                new TlsKeySource.HostKeys.Hashes(
                    java.util.Optional.of(NEXT.toLowerCase()), java.util.Optional.of(FRESH))))
        .extracting(c -> c.status())
        .isEqualTo(Status.OK);
  }

  @Test
  void theUnsignedZoneGetsNoTlsa() throws Exception {
    DnsApplyPlanner.Plan p = apply(tlsa("mx.plain.test", SERVED));
    assertThat(p.changes()).isEmpty();
    assertThat(p.checks().get(0).status()).isEqualTo(Status.INFO);
    assertThat(published("mx.plain.test")).isEmpty();
    assertThat(Tlsa.signing(DnsjavaLookup.server("127.0.0.1", knot.port()), "mx.plain.test"))
        .isEqualTo(new Tlsa.Signing.Unsigned("plain.test"));
  }
}
