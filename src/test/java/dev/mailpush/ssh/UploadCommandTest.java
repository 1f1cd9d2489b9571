package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UploadCommandTest {
  @Test
  void valuesArePositionalParametersNotScriptText() {
    ExecRequest r = UploadCommand.request("/etc/$(x)'", new byte[] {1, 2}, "0644", "root", null);
    assertThat(r.asRoot()).isTrue();
    assertThat(r.argv())
        .containsExactly(
            "sh", "-c", UploadCommand.SCRIPT, "sh", "/etc/$(x)'", "0644", "root", "", "2");
    assertThat(UploadCommand.SCRIPT).doesNotContain("/etc/");
    assertThat(r.stdin()).containsExactly(1, 2);
  }

  @Test
  void rejectsRelativePathsAndNonOctalModes() {
    assertThatThrownBy(() -> UploadCommand.request("etc/x", new byte[0], "0644", null, null))
        .hasMessageContaining("etc/x");
    for (String mode : List.of("644x", "u+x", "0999", "")) {
      assertThatThrownBy(() -> UploadCommand.request("/etc/x", new byte[0], mode, null, null))
          .hasMessageContaining("octal");
    }
  }
}
