package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PathState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planning only: what the task would do, from the certificate the probe read; nothing is ordered.
 */
class AcmeCertificateTaskTest {
  static final OsRelease DEBIAN = new OsRelease("debian", "12", List.of(), "Debian 12");
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  @TempDir Path dir;

  HostConfig host(String tls) throws Exception {
    Path inv = dir.resolve("inventory.toml");
    Files.writeString(
        inv,
        String.join(
            "\n",
            "[ssh]",
            "user = \"root\"",
            "become = \"none\"",
            "identity_file = \"" + dir.resolve("id") + "\"",
            "known_hosts = \"" + dir.resolve("kh") + "\"",
            "[mail]",
            "virtual_domains = [\"example.com\"]",
            "[mail.virtual_addresses]",
            "\"a@example.com\" = \"alice\"",
            "[tls]",
            tls,
            "[hosts.mx1]",
            "address = \"192.0.2.1\"",
            "hostname = \"mail.example.com\"",
            ""));
    Files.writeString(dir.resolve("id"), "");
    Files.writeString(dir.resolve("kh"), "");
    return new InventoryLoader().load(inv).hosts().get(0);
  }

  static final PathState NEXT_KEY = new PathState.RegularFile("ab", "0600", "root", "root", 1704);

  static HostFacts facts(Optional<byte[]> fullchain) {
    return facts(fullchain, NEXT_KEY);
  }

  static HostFacts facts(Optional<byte[]> fullchain, PathState nextKey) {
    return new HostFacts(
        DEBIAN,
        Map.of(),
        Map.of("/etc/mailpush/tls/next-privkey.pem", nextKey),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of("/etc/mailpush/tls/fullchain.pem", fullchain),
        Set.of());
  }

  AcmeCertificateTask task(HostConfig h, boolean force) {
    return AcmeCertificateTask.forHost("ACME", h)
        .withOptions(
            new AcmeOptions(
                new AccountKeyStore(dir.resolve("state")),
                force,
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(5)));
  }

  static final String ACME =
      "mode = \"acme\"\nacme_email = \"pm@example.com\"\nacme_accept_terms = true\n"
          + "acme_directory = \"letsencrypt-staging\"";

  @Test
  void selfSignedModeIsSkippedAndReadsNothing() throws Exception {
    AcmeCertificateTask t = task(host("mode = \"self-signed\""), false);
    assertThat(t.needs().contents()).isEmpty();
    assertThat(t.plan(facts(Optional.empty()), Distro.detect(DEBIAN)))
        .isInstanceOf(Plan.Skip.class);
  }

  @Test
  void bootstrapCertificateIsReplacedByOneStepThatOrdersOnlyWhenApplied() throws Exception {
    AcmeCertificateTask t = task(host(ACME), false);
    assertThat(t.needs().contents()).containsExactly("/etc/mailpush/tls/fullchain.pem");
    var selfSigned = TestCerts.selfSigned("mail.example.com", NOW.plus(Duration.ofDays(800)));
    Plan plan =
        t.plan(
            facts(
                Optional.of(TestCerts.pem(selfSigned.cert()).getBytes(StandardCharsets.US_ASCII))),
            Distro.detect(DEBIAN));
    assertThat(plan).isInstanceOf(Plan.Changes.class);
    List<Step> steps = ((Plan.Changes) plan).steps();
    assertThat(steps).hasSize(1).first().isInstanceOf(Step.Custom.class);
    assertThat(steps.get(0).describe())
        .isEqualTo(
            "issue certificate for mail.example.com from "
                + AcmeDirectory.LETSENCRYPT_STAGING
                + " (HTTP-01 standalone; the current certificate is self-signed)");
    // Planning touched nothing on this machine either: no account key yet.
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void validCertificateIsNotReorderedUnlessForced() throws Exception {
    TestCerts.Issued ca = TestCerts.ca("Test CA");
    var leaf =
        TestCerts.leaf(
            ca,
            List.of("mail.example.com"),
            List.of(),
            NOW.minus(Duration.ofDays(10)),
            NOW.plus(Duration.ofDays(80)));
    HostFacts f =
        facts(
            Optional.of(TestCerts.pem(leaf.cert(), ca.cert()).getBytes(StandardCharsets.US_ASCII)));
    Plan keep = task(host(ACME), false).plan(f, Distro.detect(DEBIAN));
    assertThat(keep).isInstanceOf(Plan.NoChange.class);
    assertThat(((Plan.NoChange) keep).reason()).contains("valid until 2026-08-20");
    Plan forced = task(host(ACME), true).plan(f, Distro.detect(DEBIAN));
    assertThat(((Plan.Changes) forced).steps().get(0).describe())
        .startsWith("renew certificate for mail.example.com")
        .contains("--force");
  }

  @Test
  void aHostWithAValidCertificateButNoNextKeyGetsOneMadeOnTheHost() throws Exception {
    TestCerts.Issued ca = TestCerts.ca("Test CA");
    var leaf =
        TestCerts.leaf(
            ca,
            List.of("mail.example.com"),
            List.of(),
            NOW.minus(Duration.ofDays(10)),
            NOW.plus(Duration.ofDays(80)));
    Optional<byte[]> chain =
        Optional.of(TestCerts.pem(leaf.cert(), ca.cert()).getBytes(StandardCharsets.US_ASCII));
    AcmeCertificateTask t = task(host(ACME), false);
    assertThat(t.needs().paths()).containsExactly("/etc/mailpush/tls/next-privkey.pem");
    Plan plan = t.plan(facts(chain, new PathState.Missing()), Distro.detect(DEBIAN));
    List<Step> steps = ((Plan.Changes) plan).steps();
    assertThat(steps).hasSize(1).first().isInstanceOf(Step.RunCommand.class);
    assertThat(steps.get(0).describe())
        .startsWith("make the next key /etc/mailpush/tls/next-privkey.pem");
    var argv = ((Step.RunCommand) steps.get(0)).request().argv();
    assertThat(argv).startsWith("sh", "-c").endsWith("/etc/mailpush/tls/next-privkey.pem", "");
    assertThat(argv.get(2)).contains("openssl genpkey -algorithm RSA", "chmod 0600");
    assertThat(((Step.RunCommand) steps.get(0)).request().asRoot()).isTrue();
  }
}
