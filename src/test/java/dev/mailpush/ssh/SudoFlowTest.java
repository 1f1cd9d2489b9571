package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.Become;
import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import dev.mailpush.ssh.SshConnectorTest.FixedCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sudo protocol end to end against a stand-in {@code sudo} on the server's PATH that behaves
 * like the real one for the options mailpush uses (real sudo is exercised in the Docker tests). It
 * logs its argv, so the tests can check that the password never appears on a command line.
 */
class SudoFlowTest {
  private static final String PASSWORD = "correct horse 'battery'";
  private static final String FAKE_SUDO =
      """
      #!/bin/sh
      printf '%s\\n' "$*" >> "$FAKE_SUDO_LOG"
      nonint=no
      while [ $# -gt 0 ]; do
        case "$1" in
          -n) nonint=yes ;;
          -k|-S) ;;
          -p) shift ;;
          --) shift; break ;;
          *) break ;;
        esac
        shift
      done
      if [ -e "$FAKE_SUDO_NOPASSWD" ]; then exec "$@"; fi
      if [ "$nonint" = yes ]; then echo "sudo: a password is required" >&2; exit 1; fi
      IFS= read -r pw || { echo "sudo: no password was provided" >&2; exit 1; }
      if [ "$pw" != "$FAKE_SUDO_PASSWORD" ]; then
        echo "Sorry, try again." >&2; echo "sudo: 1 incorrect password attempt" >&2; exit 1
      fi
      exec "$@"
      """;

  @TempDir Path dir;
  private Path keyFile;
  private Path log;
  private Path nopasswd;
  private TestServer server;
  private Path knownHosts;

  @BeforeEach
  void start() throws Exception {
    KeyPair userKey = TestServer.ed25519();
    keyFile = TestServer.writeKey(dir.resolve("id"), userKey, null);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sudo = Files.writeString(bin.resolve("sudo"), FAKE_SUDO);
    Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwx------"));
    log = dir.resolve("sudo.log");
    nopasswd = dir.resolve("nopasswd");
    server =
        new TestServer(
            userKey.getPublic(),
            Map.of(
                "PATH",
                bin + ":" + System.getenv("PATH"),
                "FAKE_SUDO_LOG",
                log.toString(),
                "FAKE_SUDO_NOPASSWD",
                nopasswd.toString(),
                "FAKE_SUDO_PASSWORD",
                PASSWORD));
    knownHosts = dir.resolve("known_hosts");
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private HostSession open(SshConnector connector) {
    SshConfig cfg =
        new SshConfig(
            System.getProperty("user.name"),
            server.port(),
            Optional.of(keyFile),
            knownHosts,
            HostKeyPolicy.ACCEPT_NEW,
            Become.SUDO,
            Optional.empty(),
            Duration.ofSeconds(5));
    return connector.open("mx1", "127.0.0.1", cfg);
  }

  private static ExecResult rootCat(HostSession s, String input) {
    return s.exec(ExecRequest.root(List.of("cat"), input.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void nopasswdUsesSudoDashN() throws IOException {
    Files.createFile(nopasswd);
    try (SshConnector c = new SshConnector(Credentials.none(), dir);
        HostSession s = open(c)) {
      assertThat(rootCat(s, "data").stdoutText()).isEqualTo("data");
      assertThat(rootCat(s, "again").stdoutText()).isEqualTo("again");
      assertThat(s.execCount()).isEqualTo(3); // one probe, then one exec per request
    }
    assertThat(Files.readAllLines(log)).containsExactly("-n true", "-n -- cat", "-n -- cat");
  }

  @Test
  void passwordGoesToStdinAheadOfTheCommandsInput() throws IOException {
    Credentials creds = new FixedCredentials(Optional.empty(), Optional.of(new Secret(PASSWORD)));
    Path target = dir.resolve("uploaded");
    try (SshConnector c = new SshConnector(creds, dir);
        HostSession s = open(c)) {
      assertThat(rootCat(s, "first\nsecond").stdoutText()).isEqualTo("first\nsecond");
      s.upload(target.toString(), "content".getBytes(StandardCharsets.UTF_8), "0600", null, null);
      assertThat(s.execCount()).isEqualTo(4); // probe, password check, cat, upload
    }
    assertThat(Files.readString(target)).isEqualTo("content");
    assertThat(Files.readString(log)).doesNotContain("horse").contains("-k -S -p  -- cat");
  }

  @Test
  void missingPasswordAsksForOne() {
    try (SshConnector c = new SshConnector(Credentials.none(), dir);
        HostSession s = open(c)) {
      assertThatThrownBy(() -> rootCat(s, ""))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_PASSWORD_REQUIRED);
                assertThat(e.hint()).contains("MAILPUSH_BECOME_PASSWORD").contains("NOPASSWD");
              });
      // Non-root commands still work.
      assertThat(s.exec(new ExecRequest(List.of("echo", "hi"), new byte[0], false)).stdoutText())
          .isEqualTo("hi\n");
    }
  }

  @Test
  void wrongPasswordIsRefusedAndNeverShown() {
    Credentials creds = new FixedCredentials(Optional.empty(), Optional.of(new Secret("not-it")));
    try (SshConnector c = new SshConnector(creds, dir);
        HostSession s = open(c)) {
      assertThatThrownBy(() -> rootCat(s, "secret data"))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_REFUSED);
                assertThat(e.getMessage() + e.hint()).doesNotContain("not-it");
              });
    }
  }
}
