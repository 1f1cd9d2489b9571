package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.ServiceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A systemd unit running (or stopped) and enabled (or disabled) at boot. */
public record ServiceTask(String name, String unit, boolean running, boolean enabled)
    implements Task {

  @Override
  public FactQuery needs() {
    return FactQuery.services(Set.of(unit));
  }

  @Override
  public Optional<String> startsUnit() {
    return running ? Optional.of(unit) : Optional.empty();
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    ServiceState s = facts.service(unit);
    List<Step> steps = new ArrayList<>();
    if (enabled && !s.isEnabled()) {
      steps.add(Commands.root("enable " + unit, "systemctl", "enable", "--quiet", unit));
    } else if (!enabled && s.isEnabled() && !s.enabled().equals("static")) {
      steps.add(Commands.root("disable " + unit, "systemctl", "disable", "--quiet", unit));
    }
    if (running && !s.running()) {
      steps.add(Commands.root("start " + unit, "systemctl", "start", unit));
    } else if (!running && s.running()) {
      steps.add(Commands.root("stop " + unit, "systemctl", "stop", unit));
    }
    if (steps.isEmpty()) {
      return new Plan.NoChange(unit + " is " + s.active() + " and " + s.enabled());
    }
    return new Plan.Changes(steps, List.of());
  }
}
