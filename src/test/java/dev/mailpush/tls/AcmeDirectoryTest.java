package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcmeDirectoryTest {
  @Test
  void shortNamesMapToLetsEncrypt() {
    assertThat(AcmeDirectory.of("letsencrypt").uri())
        .isEqualTo(URI.create("https://acme-v02.api.letsencrypt.org/directory"));
    assertThat(AcmeDirectory.of("letsencrypt-staging").uri())
        .isEqualTo(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"));
    assertThat(AcmeDirectory.of("letsencrypt").isLetsEncryptProduction()).isTrue();
    assertThat(AcmeDirectory.of("letsencrypt-staging").isLetsEncryptProduction()).isFalse();
  }

  @Test
  void anyUrlIsKeptAsIs() {
    AcmeDirectory d = AcmeDirectory.of("https://ca.example.net:14000/dir");
    assertThat(d.uri()).isEqualTo(URI.create("https://ca.example.net:14000/dir"));
    assertThat(d.stateName()).isEqualTo("ca.example.net_14000");
    assertThat(AcmeDirectory.of("letsencrypt").stateName())
        .isEqualTo("acme-v02.api.letsencrypt.org");
    assertThatThrownBy(() -> AcmeDirectory.of("ftp://x/dir"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final Path HOME = Path.of("/home/tester");

  @Test
  void stateDirectoryFollowsTheEnvironment() {
    AcmeDirectory le = AcmeDirectory.of("letsencrypt");
    assertThat(
            AccountKeyStore.fromEnvironment(Map.of("MAILPUSH_STATE_DIR", "/srv/mp"), HOME)
                .keyFile(le))
        .isEqualTo(Path.of("/srv/mp/acme/acme-v02.api.letsencrypt.org/account.pem"));
    assertThat(
            AccountKeyStore.fromEnvironment(Map.of("XDG_STATE_HOME", "/home/u/.st"), HOME)
                .keyFile(le))
        .isEqualTo(Path.of("/home/u/.st/mailpush/acme/acme-v02.api.letsencrypt.org/account.pem"));
    assertThat(AccountKeyStore.fromEnvironment(Map.of(), HOME).keyFile(le))
        .isEqualTo(
            Path.of(
                "/home/tester/.local/state/mailpush/acme/acme-v02.api.letsencrypt.org/account.pem"));
  }
}
