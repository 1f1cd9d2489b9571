package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SudoProbeTest {
  private static ExecResult result(int code, String stderr) {
    return new ExecResult(code, new byte[0], stderr.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void successMeansNopasswd() {
    assertThat(SudoProbe.interpret("mx1", "admin", result(0, "")))
        .isEqualTo(Privilege.SUDO_NOPASSWD);
  }

  @Test
  void passwordRequiredMeansPassword() {
    assertThat(SudoProbe.interpret("mx1", "admin", result(1, "sudo: a password is required\n")))
        .isEqualTo(Privilege.SUDO_PASSWORD);
  }

  @Test
  void missingSudoIsRefusedWithAHint() {
    assertThatThrownBy(
            () -> SudoProbe.interpret("mx1", "admin", result(127, "sh: 1: sudo: not found\n")))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_REFUSED);
              assertThat(e.hint()).contains("become = \"none\"");
            });
  }

  @Test
  void userNotInSudoersIsRefused() {
    assertThatThrownBy(
            () -> SudoProbe.interpret("mx1", "bob", result(1, "bob is not in the sudoers file.\n")))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_REFUSED));
  }

  @Test
  void wrongPasswordIsRefusedWithoutEchoingAnything() {
    assertThatThrownBy(
            () ->
                SudoProbe.checkPassword(
                    "mx1",
                    "admin",
                    result(1, "Sorry, try again.\nsudo: 1 incorrect password attempt\n")))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_REFUSED);
              assertThat(e.getMessage()).contains("refused the password").contains("admin");
            });
  }
}
