package dev.mailpush.playbook;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.tasks.VersionCondition;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A task whose variables depend on installed versions ({@code when_version} in {@code
 * [tasks.vars]}): compiled once per set of values the host could end up with, and planned as the
 * one its facts pick. Like a task's own {@code when_version}, it is skipped while a package a
 * condition reads is not installed yet.
 *
 * @param variants the task for each set of values, all of the same name
 */
record VersionedTask(String name, BoundVars vars, Map<Map<String, Object>, Task> variants)
    implements Task {
  VersionedTask {
    variants = Map.copyOf(variants);
  }

  @Override
  public FactQuery needs() {
    Set<String> packages =
        vars.conditions().stream().map(VersionCondition::pkg).collect(Collectors.toSet());
    FactQuery q = FactQuery.packages(packages);
    for (Task t : variants.values()) {
      q = q.plus(t.needs());
    }
    return q;
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    BoundVars.Resolution r = vars.resolve(facts);
    if (r.values().isEmpty()) {
      return new Plan.Skip(r.missingPackage() + " is not installed yet");
    }
    Task chosen = variants.get(r.values().get());
    if (chosen == null) {
      throw new IllegalStateException(
          "no variant of task \"" + name + "\" for " + r.values().get());
    }
    return chosen.plan(facts, distro);
  }
}
