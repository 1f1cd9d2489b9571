package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [mail] mta_sts} and {@code autoconfig}: the policy text and its id, the certificate's
 * extra names, and the inventories refused (a self-signed certificate, two hosts for a domain).
 */
class WebConfigTest {
  private static final String HOST =
      """
      [hosts.mx1]
      address = "203.0.113.10"
      hostname = "mail.example.com"
      """;

  @TempDir Path dir;

  private static String inventory(String mail, String tls) {
    return "[mail]\nvirtual_domains = [\"example.com\", \"example.org\"]\n"
        + mail
        + "\n[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n"
        + tls
        + "\n"
        + HOST;
  }

  private static final String ACME =
      "[tls]\nmode = \"acme\"\nacme_email = \"postmaster@example.com\"\nacme_accept_terms = true";

  @Test
  void thePolicyIsRFC8461TextAndItsIdFollowsTheText() {
    MtaStsPolicy testing =
        new MtaStsPolicy(WebConfig.MtaStsMode.TESTING, List.of("Mail.Example.com"), 86400);
    assertThat(testing.text())
        .isEqualTo("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 86400\n");
    assertThat(testing.id()).matches("[0-9a-f]{20}").isEqualTo(MtaStsPolicy.idOf(testing.text()));
    assertThat(testing.record()).isEqualTo("v=STSv1; id=" + testing.id());
    // The same policy, the same id, every run; any change to the text, another.
    assertThat(
            new MtaStsPolicy(WebConfig.MtaStsMode.TESTING, List.of("mail.example.com"), 86400).id())
        .isEqualTo(testing.id());
    assertThat(
            new MtaStsPolicy(WebConfig.MtaStsMode.ENFORCE, List.of("mail.example.com"), 86400).id())
        .isNotEqualTo(testing.id());
    assertThat(
            new MtaStsPolicy(WebConfig.MtaStsMode.TESTING, List.of("mx2.example.com"), 86400).id())
        .isNotEqualTo(testing.id());
    assertThat(
            new MtaStsPolicy(WebConfig.MtaStsMode.TESTING, List.of("mail.example.com"), 86401).id())
        .isNotEqualTo(testing.id());
  }

  @Test
  void offByDefaultAndTheCertificateNamesOnlyTheHost() {
    HostConfig h = Fixture.load(dir, inventory("", ACME)).hosts().get(0);
    assertThat(h.mail().web()).isEqualTo(WebConfig.OFF);
    assertThat(h.certificateNames()).containsExactly("mail.example.com");
    assertThat(h.mail().web().policy(h.hostname())).isEmpty();
  }

  @Test
  void switchedOnTheCertificateNamesEachDomainsWebNamesAndThePolicyListsTheHost() {
    HostConfig h =
        Fixture.load(dir, inventory("mta_sts = \"enforce\"\nautoconfig = true", ACME))
            .hosts()
            .get(0);
    assertThat(h.certificateNames())
        .containsExactly(
            "mail.example.com",
            "mta-sts.example.com",
            "autoconfig.example.com",
            "mta-sts.example.org",
            "autoconfig.example.org");
    MtaStsPolicy p = h.mail().web().policy(h.hostname()).orElseThrow();
    assertThat(p.text()).contains("mode: enforce\n", "mx: mail.example.com\n", "max_age: 604800\n");
  }

  @Test
  void aSelfSignedCertificateIsRefusedWithTheFix() {
    List<Problem> problems =
        Fixture.problems(dir, inventory("mta_sts = \"testing\"", "[tls]\nmode = \"self-signed\""));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(3);
    assertThat(problems.get(0).message()).contains("mta_sts needs tls.mode = \"acme\"");
    assertThat(problems.get(0).hint()).contains("mta_sts = \"off\"");
    assertThat(Fixture.problems(dir, inventory("autoconfig = true", "")))
        .singleElement()
        .satisfies(p -> assertThat(p.hint()).contains("autoconfig = false"));
  }

  @Test
  void aModeOutsideTheThreeIsRefused() {
    assertThat(Fixture.problems(dir, inventory("mta_sts = \"on\"", ACME)))
        .singleElement()
        .satisfies(p -> assertThat(p.render()).contains("mta_sts").contains("enforce"));
  }

  @Test
  void twoHostsCannotServeOneDomainsWebNames() {
    String two =
        inventory("mta_sts = \"testing\"", ACME)
            + "[hosts.mx2]\naddress = \"203.0.113.11\"\nhostname = \"mx2.example.com\"\n";
    assertThat(Fixture.problems(dir, two))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.message()).contains("\"mx2\" and \"mx1\" both serve"));
    String oneOff = two + "[hosts.mx2.mail]\nmta_sts = \"off\"\n";
    assertThat(Fixture.problems(dir, oneOff)).isEmpty();
  }

  @Test
  void outboundMtaStsIsOffByDefaultAndTheSwitchReachesTheTemplates() {
    HostConfig off = Fixture.load(dir, inventory("", ACME)).hosts().get(0);
    assertThat(off.mail().mtaStsOutbound()).isFalse();
    assertThat(off.mail().model()).containsEntry("mta_sts_outbound", false);
    HostConfig on = Fixture.load(dir, inventory("mta_sts_outbound = true", "")).hosts().get(0);
    assertThat(on.mail().model()).containsEntry("mta_sts_outbound", true);
  }

  @Test
  void withoutAVirtualDomainThereIsNoSiteToServe() {
    var model = new WebConfig(WebConfig.MtaStsMode.ENFORCE, true).model("mx.a.test", List.of());
    assertThat(model).containsEntry("mta_sts", false).containsEntry("autoconfig", false);
    assertThat(
            new WebConfig(WebConfig.MtaStsMode.ENFORCE, true).model("mx.a.test", List.of("a.test")))
        .containsEntry("mta_sts", true)
        .containsEntry("autoconfig", true)
        .containsEntry("mta_sts_names", List.of("mta-sts.a.test"));
  }
}
