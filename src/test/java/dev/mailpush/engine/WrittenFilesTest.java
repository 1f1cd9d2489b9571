package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Sha256;
import dev.mailpush.ssh.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a change, later tasks must not plan from stale facts, without paying a probe for every file
 * write.
 */
class WrittenFilesTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void fileWritesUpdateTheFactsWithWhatWasWritten() {
    Step.WriteFile a = new Step.WriteFile("/etc/a", HELLO, "0640", "postfix", null, true);
    Step.WriteFile b = new Step.WriteFile("/etc/b", HELLO, "0644", null, "adm", true);
    var written =
        FactCache.writtenFiles(List.of(a, new Step.ValidatedWrite(List.of(b), List.of("true"))))
            .orElseThrow();
    assertThat(written)
        .containsEntry(
            "/etc/a",
            new PathState.RegularFile(
                Sha256.hex(HELLO), "0640", "postfix", "postfix", HELLO.length));
    assertThat(written)
        .containsEntry(
            "/etc/b",
            new PathState.RegularFile(Sha256.hex(HELLO), "0644", "root", "adm", HELLO.length));
  }

  @Test
  void anyCommandMeansTheHostMustBeProbedAgain() {
    Step.WriteFile a = new Step.WriteFile("/etc/a", HELLO, "0640", null, null, true);
    Step.RunCommand install =
        new Step.RunCommand("install", ExecRequest.root(List.of("apt-get", "install", "x")));
    assertThat(FactCache.writtenFiles(List.of(a, install))).isEmpty();
  }

  @Test
  void aCustomStepCouldChangeAnythingToo() {
    Step.Custom acme = new Step.Custom("order a certificate", session -> {});
    assertThat(FactCache.writtenFiles(List.of(acme))).isEmpty();
  }
}
