package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import java.util.List;
import java.util.Set;

/** A file with exact content, mode and owner, written atomically; the previous version is kept. */
public record FileTask(String name, FileSpec file) implements Task {

  @Override
  public FactQuery needs() {
    return FactQuery.paths(Set.of(file.path()));
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    return switch (file.drift(facts.path(file.path()))) {
      case NONE ->
          new Plan.NoChange(
              file.path() + " already has this content, mode " + file.mode() + " and owner");
      case METADATA -> new Plan.Changes(file.fixMetadata(), List.of());
      case CONTENT -> new Plan.Changes(List.of(file.write(true)), List.of(file.managed()));
    };
  }
}
