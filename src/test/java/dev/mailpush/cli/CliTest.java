package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in-process: exit codes, messages on stderr, and nothing contacted when the input is
 * wrong.
 */
class CliTest {
  @TempDir Path dir;

  /** A listening socket standing in for a host: it records whether anyone connected. */
  private static boolean contacted(ServerSocket socket) throws Exception {
    socket.setSoTimeout(200);
    try {
      socket.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private Path inventory(String toml) throws Exception {
    Path file = dir.resolve("inventory.toml");
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void invalidInventoryExitsTwoWithFileLineAndFixAndContactsNoHost() throws Exception {
    try (ServerSocket host = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Path file =
          inventory(
              """
          [ssh]
          user = "root"

          [mail]
          enable_antispan = true

          [hosts.mx1]
          address = "127.0.0.1"
          hostname = "mail.example.com"
          [hosts.mx1.ssh]
          port = %d
          """
                  .formatted(host.getLocalPort()));

      CliRun run = CliRun.of("deploy", file.toString(), "--json");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .contains("inventory.toml:5:1")
          .contains("enable_antispan")
          .contains("enable_antispam");
      assertThat(contacted(host)).as("a host was contacted").isFalse();
    }
  }

  @Test
  void unknownLimitHostExitsTwoNamingTheKnownHosts() throws Exception {
    Path file =
        inventory(
            """
        [hosts.mx1]
        address = "127.0.0.1"
        hostname = "mail.example.com"
        """);
    CliRun run = CliRun.of("deploy", file.toString(), "--limit", "mx9");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mx9").contains("mx1");
  }

  @Test
  void badSerialIsAUsageError() throws Exception {
    Path file =
        inventory(
            """
        [hosts.mx1]
        address = "127.0.0.1"
        hostname = "mail.example.com"
        """);
    assertThat(CliRun.of("deploy", file.toString(), "--serial", "lots").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("deploy", file.toString(), "--max-fail-percent", "150").exitCode())
        .isEqualTo(2);
  }

  @Test
  void missingPlaybookExitsTwo() throws Exception {
    Path file =
        inventory(
            """
        [hosts.mx1]
        address = "127.0.0.1"
        hostname = "mail.example.com"
        """);
    CliRun run = CliRun.of("run", file.toString(), dir.resolve("nope.toml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no such playbook");
  }

  @Test
  void unreachableHostIsReportedInTheRecapWithExitFour() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path file =
        inventory(
            """
        [ssh]
        user = "root"
        known_hosts = "%s"
        [hosts.mx1]
        address = "127.0.0.1"
        hostname = "mail.example.com"
        [hosts.mx1.ssh]
        port = %d
        """
                .formatted(dir.resolve("known_hosts"), closedPort));
    CliRun run = CliRun.of("deploy", file.toString(), "--json");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.recap().get("mx1").get("unreachable").asBoolean()).isTrue();
  }

  @Test
  void hashPasswordPrintsASha512CryptHashOfStdin() {
    var in = System.in;
    try {
      System.setIn(
          new java.io.ByteArrayInputStream(
              "correct horse\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      CliRun run = CliRun.of("hash-password");
      String hash = run.out().strip();
      assertThat(run.exitCode()).isZero();
      assertThat(hash).startsWith("$6$");
      assertThat(
              Sha2Crypt.sha512Crypt(
                  "correct horse".getBytes(java.nio.charset.StandardCharsets.UTF_8), hash))
          .isEqualTo(hash);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String command :
        new String[] {
          "deploy",
          "run",
          "certs",
          "dns-report",
          "verify",
          "facts",
          "init",
          "hash-password",
          "completion"
        }) {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Examples:").contains("mailpush " + command);
    }
    assertThat(CliRun.of("--version").out()).startsWith("mailpush ");
  }

  @Test
  void completionScriptKnowsEveryCommandAndBashAcceptsIt() throws Exception {
    CliRun run = CliRun.of("completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("complete -F", "deploy", "dns-report", "verify", "--max-fail-percent")
        .doesNotContain("warmup");
    Path script = dir.resolve("mailpush.bash");
    Files.writeString(script, run.out());
    Process bash =
        new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    assertThat(bash.waitFor()).as(new String(bash.getInputStream().readAllBytes())).isZero();
  }

  @Test
  void zshCompletionIsAFunctionFileAroundTheSameScript() {
    // zsh itself runs it in PackageIT, autoloaded by compinit on the first TAB.
    CliRun run = CliRun.of("completion", "zsh");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("#compdef mailpush\n")
        .contains(CliRun.of("completion", "bash").out())
        .endsWith("compdef _mailpush mailpush\n_mailpush \"$@\"\n");
    assertThat(CliRun.of("completion", "fish").exitCode()).isEqualTo(2);
  }

  @Test
  void anUnknownCommandIsAnErrorEvenWithHelp() {
    for (String[] args :
        List.of(
            new String[] {"nope", "--help"},
            new String[] {"depoy", "inventory.toml"},
            new String[] {"dns", "aply", "--help"})) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err())
          .contains("\"" + args[args[0].equals("dns") ? 1 : 0] + "\" is not a mailpush");
      assertThat(run.out()).as("no help as if the command existed").isEmpty();
    }
    assertThat(CliRun.of("depoy", "x").err()).contains("did you mean deploy");
  }

  @Test
  void aMissingInventorySaysNoSuchFile() {
    CliRun run = CliRun.of("deploy", "no-such-inventory.toml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("no-such-inventory.toml: no such file")
        .doesNotContain("Exception");
  }
}
