package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import java.util.Optional;

/**
 * A task that applies only when a package version condition holds on the host; skipped otherwise.
 */
public record ConditionalTask(Task inner, VersionCondition condition) implements Task {

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public FactQuery needs() {
    return inner.needs().plus(condition.needs());
  }

  @Override
  public Optional<String> startsUnit() {
    return inner.startsUnit();
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    Optional<Boolean> holds = condition.holds(facts);
    if (holds.isEmpty()) {
      return new Plan.Skip(condition.pkg() + " is not installed yet");
    }
    return holds.get() ? inner.plan(facts, distro) : new Plan.Skip("needs " + condition);
  }
}
