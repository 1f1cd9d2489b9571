package dev.mailpush.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.MailpushException;
import dev.mailpush.facts.OsRelease;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistroTest {

  @ParameterizedTest
  @CsvSource({
    "debian, 11, DEBIAN",
    "debian, 12, DEBIAN",
    "debian, 13, DEBIAN",
    "ubuntu, 22.04, DEBIAN",
    "ubuntu, 24.04, DEBIAN",
    "rhel, 9.4, RHEL",
    "rocky, 9.5, RHEL",
    "almalinux, 9.4, RHEL",
    "centos, 9, RHEL",
  })
  void supportedReleasesAreDetectedWithTheirFamily(String id, String version, Family family) {
    assertThat(Distro.detect(new OsRelease(id, version, List.of(), id + " " + version)).family())
        .isEqualTo(family);
  }

  @ParameterizedTest
  @CsvSource({
    "debian, 10",
    "ubuntu, 20.04",
    "ubuntu, 23.10",
    "rocky, 8.9",
    "alpine, 3.20",
    "arch, ''"
  })
  void anythingElseFailsWithTheReleaseAndWhatIsSupported(String id, String version) {
    assertThatThrownBy(() -> Distro.detect(new OsRelease(id, version, List.of(), "Some OS")))
        .isInstanceOf(MailpushException.class)
        .hasMessageContaining("unsupported distribution: Some OS")
        .satisfies(
            e ->
                assertThat(((MailpushException) e).hint())
                    .contains("Debian 11/12/13", "Ubuntu 22.04/24.04", "RHEL 9"));
  }

  @ParameterizedTest
  @CsvSource({
    "dovecot-imapd, dovecot",
    "dovecot-sieve, dovecot-pigeonhole",
    "postfix-policyd-spf-python, pypolicyd-spf",
    "spamc, spamassassin",
    "postfix, postfix",
    "opendkim, opendkim",
    "postgrey, postgrey",
  })
  void rhelInstallsWhatProvidesTheDebianPackage(String debian, String rhel) {
    assertThat(PackageNames.forFamily(Family.RHEL, debian)).containsExactly(rhel);
    assertThat(PackageNames.forFamily(Family.DEBIAN, debian)).containsExactly(debian);
  }

  @ParameterizedTest
  @CsvSource({"debian, 12", "rocky, 9.4"})
  void installCommandsAreNonInteractiveAndKeepLocalConfig(String id, String version) {
    Distro d = Distro.detect(new OsRelease(id, version, List.of(), id));
    List<String> argv = d.installCommand(List.of("postfix"));
    assertThat(argv).endsWith("postfix");
    if (d.family() == Family.DEBIAN) {
      assertThat(argv)
          .contains("DEBIAN_FRONTEND=noninteractive", "Dpkg::Options::=--force-confold", "-y");
      assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
      assertThat(argv.get(2)).contains("/usr/sbin/policy-rc.d", "exit 101");
      assertThat(d.refreshCommands()).hasSize(1);
    } else {
      assertThat(argv).startsWith("dnf", "install", "-y");
      assertThat(d.refreshCommands()).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void debian11HasSpamdInsideSpamassassin() {
    Distro bullseye = Distro.detect(new OsRelease("debian", "11", List.of(), "Debian 11"));
    Distro bookworm = Distro.detect(new OsRelease("debian", "12", List.of(), "Debian 12"));
    assertThat(PackageNames.forDistro(bullseye, "spamd")).isEmpty();
    assertThat(PackageNames.forDistro(bookworm, "spamd")).containsExactly("spamd");
  }
}
