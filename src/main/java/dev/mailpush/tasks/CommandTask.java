package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A command run as root unless a guard says it is not needed: {@code creates} (a path that exists
 * once it ran) or {@code unless} (a shell condition that succeeds once it ran). Without a guard it
 * runs every time and always reports a change, so playbooks should give one.
 */
public record CommandTask(
    String name, List<String> argv, Optional<String> creates, Optional<String> unless)
    implements Task {
  public CommandTask {
    argv = List.copyOf(argv);
  }

  @Override
  public FactQuery needs() {
    FactQuery q = FactQuery.none();
    if (creates.isPresent()) {
      q = q.plus(FactQuery.paths(Set.of(creates.get())));
    }
    if (unless.isPresent()) {
      q = q.plus(FactQuery.guards(List.of(unless.get())));
    }
    return q;
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    if (creates.isPresent() && !(facts.path(creates.get()) instanceof PathState.Missing)) {
      return new Plan.NoChange(creates.get() + " exists");
    }
    if (unless.isPresent() && facts.guard(unless.get())) {
      return new Plan.NoChange("guard succeeded: " + unless.get());
    }
    return Plan.Changes.of(Commands.root("run " + summary(argv), argv));
  }

  /** The command on one short line: an inline script would otherwise fill the report. */
  static String summary(List<String> argv) {
    String line = String.join(" ", argv).replaceAll("\\s+", " ").strip();
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }
}
