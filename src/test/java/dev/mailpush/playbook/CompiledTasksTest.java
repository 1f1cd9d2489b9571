package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.engine.Task;
import dev.mailpush.tasks.ConditionalTask;
import dev.mailpush.tasks.PackagesTask;
import dev.mailpush.tasks.ServiceTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CompiledTasks#candidates}: the action's own tasks behind the compiler's wrappers. */
class CompiledTasksTest {
  @TempDir Path dir;

  private Task first(String toml) throws Exception {
    Files.writeString(dir.resolve("p.toml"), toml);
    Playbook p = PlaybookLoader.load(new PlaybookSource.Directory(dir), "p.toml");
    return PlaybookCompiler.compile(p, PlaybookTest.host(true)).tasks().get(0).task();
  }

  @Test
  void aPlainTaskIsItsOwnCandidate() throws Exception {
    Task t = first("[[tasks]]\npackages = [\"postfix\"]\n");
    assertThat(CompiledTasks.candidates(t)).containsExactly(t);
  }

  @Test
  void aTaskWithWhenVersionIsTheTaskItGuards() throws Exception {
    Task t = first("[[tasks]]\nwhen_version = \"postfix >= 3.6\"\npackages = [\"postfix\"]\n");
    assertThat(t).isInstanceOf(ConditionalTask.class);
    assertThat(CompiledTasks.candidates(t))
        .singleElement()
        .isInstanceOfSatisfying(
            PackagesTask.class, p -> assertThat(p.packages()).containsExactly("postfix"));
  }

  @Test
  void aTaskWithVersionedVarsIsEachVariantInOrderEvenUnderWhenVersion() throws Exception {
    Task t =
        first(
            """
            [[tasks]]
            name = "spamd"
            when_version = "spamassassin >= 3.0"
            service = "{{unit}}"
            [tasks.vars]
            unit = { when_version = "spamassassin >= 4.0", value = "spamd", else = "spamassassin" }
            """);
    assertThat(t).isInstanceOf(ConditionalTask.class);
    assertThat(((ConditionalTask) t).inner()).isInstanceOf(VersionedTask.class);
    List<Task> candidates = CompiledTasks.candidates(t);
    assertThat(candidates).allSatisfy(c -> assertThat(c).isInstanceOf(ServiceTask.class));
    assertThat(candidates.stream().map(c -> ((ServiceTask) c).unit()))
        .containsExactly("spamd", "spamassassin");
  }
}
