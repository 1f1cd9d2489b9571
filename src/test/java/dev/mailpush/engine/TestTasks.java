package dev.mailpush.engine;

import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Sha256;
import dev.mailpush.ssh.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Small tasks for engine tests, each planning from the facts it declares, as real tasks do. */
final class TestTasks {
  private TestTasks() {}

  /**
   * Keeps {@code path} (0644, root) at {@code content}: a write when the file differs, else
   * nothing.
   */
  static Task put(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Task() {
      @Override
      public String name() {
        return path;
      }

      @Override
      public FactQuery needs() {
        return FactQuery.paths(Set.of(path));
      }

      @Override
      public Plan plan(HostFacts facts, Distro distro) {
        if (facts.path(path) instanceof PathState.RegularFile f
            && f.sha256().equals(Sha256.hex(bytes))) {
          return new Plan.NoChange(path + " is up to date");
        }
        return new Plan.Changes(
            List.of(new Step.WriteFile(path, bytes, "0644", null, null, false)),
            List.of(new Plan.ManagedFile(path, bytes, false)));
      }
    };
  }

  /** Runs {@code argv} every time (a command whose effect the facts cannot show). */
  static Task command(String name, String... argv) {
    return fixed(
        name,
        FactQuery.none(),
        Plan.Changes.of(new Step.RunCommand(name, ExecRequest.root(List.of(argv)))));
  }

  /** Runs {@code argv} unless {@code condition} holds on the host (a command's {@code unless}). */
  static Task unless(String condition, String... argv) {
    return new Task() {
      @Override
      public String name() {
        return "unless " + condition;
      }

      @Override
      public FactQuery needs() {
        return FactQuery.guards(List.of(condition));
      }

      @Override
      public Plan plan(HostFacts facts, Distro distro) {
        return facts.guard(condition)
            ? new Plan.NoChange(condition + " holds")
            : Plan.Changes.of(
                new Step.RunCommand(String.join(" ", argv), ExecRequest.root(List.of(argv))));
      }
    };
  }

  /** Always plans {@code plan}, reading {@code needs}. */
  static Task fixed(String name, FactQuery needs, Plan plan) {
    return new Task() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public FactQuery needs() {
        return needs;
      }

      @Override
      public Plan plan(HostFacts facts, Distro distro) {
        return plan;
      }
    };
  }

  /**
   * Changes nothing; keeps what each plan saw of {@code path}, so a test can tell stale facts from
   * fresh ones.
   */
  static final class Reader implements Task {
    final List<PathState> seen = new ArrayList<>();
    private final String name;
    private final String path;

    Reader(String name, String path) {
      this.name = name;
      this.path = path;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public FactQuery needs() {
      return FactQuery.paths(Set.of(path));
    }

    @Override
    public Plan plan(HostFacts facts, Distro distro) {
      seen.add(facts.path(path));
      return new Plan.NoChange("only reads " + path);
    }
  }
}
