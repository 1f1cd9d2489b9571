package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Configuration files that only make sense together and are checked by a validator ({@code postfix
 * check}, {@code doveconf -n}, ...) before any service sees them: when validation fails, every file
 * is put back.
 */
public record ConfigTask(String name, List<FileSpec> files, List<String> validator)
    implements Task {
  public ConfigTask {
    files = List.copyOf(files);
    validator = List.copyOf(validator);
  }

  @Override
  public FactQuery needs() {
    Set<String> paths = new LinkedHashSet<>();
    files.forEach(f -> paths.add(f.path()));
    return FactQuery.paths(paths);
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    List<Step.WriteFile> writes = new ArrayList<>();
    List<Step> metadata = new ArrayList<>();
    List<Plan.ManagedFile> managed = new ArrayList<>();
    for (FileSpec f : files) {
      switch (f.drift(facts.path(f.path()))) {
        case NONE -> {}
        case METADATA -> metadata.addAll(f.fixMetadata());
        case CONTENT -> {
          writes.add(f.write(true));
          managed.add(f.managed());
        }
      }
    }
    if (writes.isEmpty() && metadata.isEmpty()) {
      return new Plan.NoChange("all " + files.size() + " files already as wanted");
    }
    List<Step> steps = new ArrayList<>(metadata);
    if (!writes.isEmpty()) {
      steps.add(validator.isEmpty() ? writes.get(0) : new Step.ValidatedWrite(writes, validator));
      if (validator.isEmpty()) {
        steps.addAll(writes.subList(1, writes.size()));
      }
    }
    return new Plan.Changes(steps, managed);
  }
}
