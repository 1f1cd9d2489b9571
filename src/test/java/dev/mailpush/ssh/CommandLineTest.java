package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static final Secret PASSWORD = new Secret("hunter2 'x");
  private final ExecRequest request =
      ExecRequest.root(List.of("tee", "/etc/a b"), "data".getBytes(StandardCharsets.UTF_8));

  @Test
  void asUserRunsTheArgvAsIs() {
    CommandLine c = CommandLine.of(request, Privilege.AS_USER, null);
    assertThat(c.line()).isEqualTo("tee '/etc/a b'");
    assertThat(c.stdin()).asString(StandardCharsets.UTF_8).isEqualTo("data");
  }

  @Test
  void nopasswdSudoNeverPrompts() {
    CommandLine c = CommandLine.of(request, Privilege.SUDO_NOPASSWD, PASSWORD);
    assertThat(c.line()).isEqualTo("sudo -n -- tee '/etc/a b'");
    assertThat(c.stdin()).asString(StandardCharsets.UTF_8).isEqualTo("data");
  }

  @Test
  void passwordSudoReadsThePasswordLineFromStdinBeforeTheCommandsInput() {
    CommandLine c = CommandLine.of(request, Privilege.SUDO_PASSWORD, PASSWORD);
    assertThat(c.line()).isEqualTo("sudo -k -S -p '' -- tee '/etc/a b'");
    assertThat(c.stdin()).asString(StandardCharsets.UTF_8).isEqualTo("hunter2 'x\ndata");
    assertThat(c.line()).doesNotContain("hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(c.size()).isEqualTo(c.line().length() + c.stdin().length);
  }

  @Test
  void messagesNameTheProgramNotTheShellOrEnvInFrontOfIt() {
    assertThat(MinaHostSession.commandName(List.of("sh", "-c", "cat > x", "sh", "/etc/x")))
        .isEqualTo("a shell script");
    assertThat(
            MinaHostSession.commandName(
                List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install")))
        .isEqualTo("apt-get");
    assertThat(MinaHostSession.commandName(List.of("systemctl", "restart", "postfix")))
        .isEqualTo("systemctl");
  }
}
