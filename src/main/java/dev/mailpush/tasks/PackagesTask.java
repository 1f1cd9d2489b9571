package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.distro.PackageNames;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PackageState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Packages present. Names are Debian's; on the RHEL family they are translated through {@link
 * PackageNames}. The package index is refreshed only when something must be installed.
 */
public record PackagesTask(String name, List<String> packages) implements Task {
  public PackagesTask {
    packages = List.copyOf(packages);
  }

  @Override
  public FactQuery needs() {
    // The distribution is not known before the probe, so ask for the names of every family.
    Set<String> names = new LinkedHashSet<>(packages);
    for (String p : packages) {
      names.addAll(PackageNames.allNames(p));
    }
    return FactQuery.packages(names);
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    List<String> missing = new ArrayList<>();
    for (String p : packages) {
      for (String native_ : PackageNames.forDistro(distro, p)) {
        if (!(facts.pkg(native_) instanceof PackageState.Installed)) {
          missing.add(native_);
        }
      }
    }
    if (missing.isEmpty()) {
      return new Plan.NoChange("all " + packages.size() + " packages installed");
    }
    List<Step> steps = new ArrayList<>();
    for (List<String> refresh : distro.refreshCommands()) {
      steps.add(Commands.root("refresh package index", refresh));
    }
    steps.add(
        Commands.root("install " + String.join(" ", missing), distro.installCommand(missing)));
    return new Plan.Changes(steps, List.of());
  }
}
