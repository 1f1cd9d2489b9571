package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalDecisionTest {
  private static final String HOST = "mail.example.test";
  private static final AcmeDirectory PEBBLE = AcmeDirectory.of("https://127.0.0.1:14000/dir");
  private static final TestCerts.Issued CA = TestCerts.ca("Test CA");
  private static final Instant NOW = Instant.now();

  private static RenewalDecision.Current current(TestCerts.Issued... certs) {
    StringBuilder pem = new StringBuilder();
    for (TestCerts.Issued c : certs) {
      pem.append(TestCerts.pem(c.cert()));
    }
    return RenewalDecision.Current.of(
        Optional.of(pem.toString().getBytes(StandardCharsets.US_ASCII)));
  }

  private static RenewalDecision decide(RenewalDecision.Current c, boolean force) {
    return RenewalDecision.decide(c, HOST, PEBBLE, 30, NOW, force);
  }

  private static TestCerts.Issued leaf(List<String> names, Duration left) {
    return TestCerts.leaf(CA, names, List.of(), NOW.minus(Duration.ofDays(10)), NOW.plus(left));
  }

  @Test
  void missingFileIsIssued() {
    assertThat(decide(RenewalDecision.Current.of(Optional.empty()), false))
        .isEqualTo(new RenewalDecision.Renew("no certificate yet"));
  }

  @Test
  void garbageIsRenewed() {
    var d =
        decide(
            RenewalDecision.Current.of(
                Optional.of("not a certificate".getBytes(StandardCharsets.US_ASCII))),
            false);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).contains("cannot be read");
  }

  @Test
  void selfSignedIsReplacedEvenWhenLongValid() {
    var d = decide(current(TestCerts.selfSigned(HOST, NOW.plus(Duration.ofDays(800)))), false);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).contains("self-signed");
  }

  @Test
  void validCertificateIsKept() {
    var d = decide(current(leaf(List.of(HOST), Duration.ofDays(60)), CA), false);
    assertThat(d).isInstanceOf(RenewalDecision.Keep.class);
    assertThat(d.reason()).contains("59 days left").contains("fewer than 30");
  }

  @Test
  void nearExpiryIsRenewed() {
    var d = decide(current(leaf(List.of(HOST), Duration.ofDays(10).plusHours(1))), false);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).contains("10 days left").contains("renew_days = 30");
  }

  @Test
  void expiredIsRenewed() {
    var d =
        decide(
            current(
                TestCerts.leaf(
                    CA,
                    List.of(HOST),
                    List.of(),
                    NOW.minus(Duration.ofDays(100)),
                    NOW.minus(Duration.ofDays(1)))),
            false);
    assertThat(d.reason()).contains("expired");
  }

  @Test
  void otherNamesAreRenewed() {
    var d = decide(current(leaf(List.of("other.example.test"), Duration.ofDays(60))), false);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).contains("do not cover " + HOST);
  }

  @Test
  void wildcardCoversOneLabel() {
    assertThat(decide(current(leaf(List.of("*.example.test"), Duration.ofDays(60))), false))
        .isInstanceOf(RenewalDecision.Keep.class);
    assertThat(
            CertificateInfo.of(leaf(List.of("*.example.test"), Duration.ofDays(60)).cert(), 1)
                .covers("a.b.example.test"))
        .isFalse();
  }

  @Test
  void forceRenewsAValidCertificate() {
    var d = decide(current(leaf(List.of(HOST), Duration.ofDays(60))), true);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).startsWith("--force");
  }

  @Test
  void stagingCertificateIsReplacedWhenProductionIsConfigured() {
    TestCerts.Issued staging = TestCerts.ca("(STAGING) Pretend Pear X1");
    var cert =
        TestCerts.leaf(
            staging,
            List.of(HOST),
            List.of(),
            NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(80)));
    RenewalDecision.Current c = current(cert);
    assertThat(RenewalDecision.decide(c, HOST, AcmeDirectory.of("letsencrypt"), 30, NOW, false))
        .isInstanceOf(RenewalDecision.Renew.class);
    assertThat(
            RenewalDecision.decide(
                c, HOST, AcmeDirectory.of("letsencrypt-staging"), 30, NOW, false))
        .isInstanceOf(RenewalDecision.Keep.class);
  }

  @Test
  void certificateParsingReadsNamesDatesAndChain() {
    var leaf = leaf(List.of(HOST, "alt.example.test"), Duration.ofDays(60));
    CertificateInfo info =
        CertificateInfo.parse(
                TestCerts.pem(leaf.cert(), CA.cert()).getBytes(StandardCharsets.US_ASCII))
            .orElseThrow();
    assertThat(info.dnsNames()).containsExactly(HOST, "alt.example.test");
    assertThat(info.chainLength()).isEqualTo(2);
    assertThat(info.selfSigned()).isFalse();
    assertThat(info.issuer()).contains("Test CA");
    assertThat(info.notAfter()).isEqualTo(leaf.cert().getNotAfter().toInstant());
    assertThat(CertificateInfo.parse(new byte[0])).isEmpty();
  }

  @Test
  void aCertificateMissingAnExtraNameIsRenewedAndNamesIt() {
    var c = current(leaf(List.of(HOST, "mta-sts.example.test"), Duration.ofDays(60)));
    var names = List.of(HOST, "mta-sts.example.test", "autoconfig.example.test");
    var d = RenewalDecision.decide(c, names, PEBBLE, 30, NOW, false);
    assertThat(d).isInstanceOf(RenewalDecision.Renew.class);
    assertThat(d.reason()).endsWith("do not cover autoconfig.example.test");
    assertThat(RenewalDecision.decide(c, names.subList(0, 2), PEBBLE, 30, NOW, false))
        .isInstanceOf(RenewalDecision.Keep.class);
  }
}
