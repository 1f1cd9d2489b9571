package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.Become;
import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key exchange mailpush's transport agrees with real OpenSSH: post-quantum on every Debian, and
 * ML-KEM where the server offers it (OpenSSH 9.9+, Debian 13), as OpenSSH's own client does.
 */
@RequiresDocker
class KeyExchangeE2ETest {

  @ParameterizedTest
  @CsvSource({
    "bookworm, sntrup761x25519-sha512",
    "trixie, mlkem768x25519-sha256",
  })
  void theKeyExchangeIsPostQuantumAndMlKemWhereOffered(
      String suite, String expected, @TempDir Path dir) throws Exception {
    try (TargetHost host = TargetHost.start(suite);
        SshConnector connector = new SshConnector(Credentials.none(), dir)) {
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, host.hostKeyLine() + "\n");
      SshConfig ssh =
          new SshConfig(
              TargetHost.ADMIN,
              host.sshPort(),
              Optional.of(host.identityFile()),
              knownHosts,
              HostKeyPolicy.STRICT,
              Become.SUDO,
              Optional.empty(),
              Duration.ofSeconds(10));
      try (HostSession session = connector.open("mx1", TargetHost.ADDRESS, ssh)) {
        // OpenSSH 9.2 names the same exchange with or without "@openssh.com".
        assertThat(((MinaHostSession) session).keyExchange()).startsWith(expected);
        ExecResult id = session.exec(ExecRequest.root(List.of("id", "-u")));
        assertThat(id.stdoutText()).isEqualTo("0\n");
      }
    }
  }
}
