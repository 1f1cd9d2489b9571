package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.MailConfig;
import dev.mailpush.inventory.MtaStsPolicy;
import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.inventory.WebConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The web server's records: dns apply wants {@code _mta-sts} with the served policy's id and the
 * web names' addresses; dns-report fails on a missing or stale id, with the record to publish.
 */
class WebRecordsTest {
  static final SshConfig SSH =
      new SshConfig(
          "root",
          22,
          Optional.empty(),
          Path.of("/tmp/kh"),
          SshConfig.HostKeyPolicy.STRICT,
          SshConfig.Become.NONE,
          Optional.empty(),
          java.time.Duration.ofSeconds(10));

  static HostConfig host(WebConfig web) {
    MailConfig mail =
        MailConfig.builder()
            .with(
                b -> {
                  b.virtualDomains = List.of("a.test");
                  b.web = web;
                })
            .build();
    TlsConfig tls =
        new TlsConfig(
            TlsConfig.Mode.ACME,
            "letsencrypt",
            Optional.of("p@a.test"),
            true,
            TlsConfig.Challenge.STANDALONE,
            "/var/www/html",
            30,
            Optional.empty());
    return new HostConfig("mx1", "192.0.2.10", "mx1.a.test", SSH, mail, tls, Map.of());
  }

  static final HostConfig TESTING = host(new WebConfig(WebConfig.MtaStsMode.TESTING, true));
  static final MtaStsPolicy POLICY = TESTING.mail().web().policy("mx1.a.test").orElseThrow();

  @Test
  void dnsApplyWantsTheIdOfThePolicyAndTheWebNamesAtTheHost() {
    List<WantedRecord> wanted = new ArrayList<>();
    WebRecords.wanted("a.test", List.of(TESTING), new FakeDns(), wanted);
    assertThat(wanted)
        .containsExactly(
            new WantedRecord.Exact(
                dev.mailpush.report.Subject.domain("a.test"),
                "dns-mta-sts",
                "MTASTS",
                "_mta-sts.a.test",
                "TXT",
                List.of("v=STSv1; id=" + POLICY.id()),
                false),
            new WantedRecord.Exact(
                dev.mailpush.report.Subject.domain("a.test"),
                "dns-web-address",
                "A",
                "mta-sts.a.test",
                "A",
                List.of("192.0.2.10"),
                false),
            new WantedRecord.Exact(
                dev.mailpush.report.Subject.domain("a.test"),
                "dns-web-address",
                "A",
                "autoconfig.a.test",
                "A",
                List.of("192.0.2.10"),
                false));
    List<WantedRecord> none = new ArrayList<>();
    WebRecords.wanted("a.test", List.of(host(WebConfig.OFF)), new FakeDns(), none);
    assertThat(none).isEmpty();
  }

  private static Check mtaSts(FakeDns dns) {
    return WebRecords.checks(dns, "a.test", List.of(TESTING), "20261203").stream()
        .filter(c -> c.check().equals("mta-sts"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void dnsReportFailsOnAMissingOrStaleIdWithTheRecordAndPassesOnTheRightOne() {
    Check missing = mtaSts(new FakeDns());
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.fix()).contains("_mta-sts.a.test. 3600 IN TXT \"v=STSv1; id=" + POLICY.id());

    Check stale = mtaSts(new FakeDns().add("_mta-sts.a.test", RecordType.TXT, "v=STSv1; id=old1"));
    assertThat(stale.status()).isEqualTo(Status.FAIL);
    assertThat(stale.message()).contains("not the served policy's");

    Check ok = mtaSts(new FakeDns().add("_mta-sts.a.test", RecordType.TXT, POLICY.record()));
    assertThat(ok.status()).isEqualTo(Status.OK);
  }

  @Test
  void webNamesPointingElsewhereFail() {
    FakeDns dns =
        new FakeDns()
            .add("mta-sts.a.test", RecordType.A, "192.0.2.99")
            .add("autoconfig.a.test", RecordType.A, "192.0.2.10");
    List<Check> addresses =
        WebRecords.checks(dns, "a.test", List.of(TESTING), "20261203").stream()
            .filter(c -> c.check().equals("web-address"))
            .toList();
    assertThat(addresses).extracting(Check::status).containsExactly(Status.FAIL, Status.OK);
    assertThat(addresses.get(0).fix()).contains("mta-sts.a.test. 3600 IN A 192.0.2.10");
  }

  @Test
  void withoutAWebHostTheOptionalRecordIsOnlyReported() {
    List<Check> checks =
        WebRecords.checks(new FakeDns(), "a.test", List.of(host(WebConfig.OFF)), "20261203");
    assertThat(checks)
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(Status.INFO));
  }
}
