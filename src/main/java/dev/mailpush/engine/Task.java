package dev.mailpush.engine;

import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import java.util.Optional;

/**
 * The contract every task keeps: declare the facts it reads, then plan from them without any I/O.
 * Check mode is the same code path stopping before apply, so it cannot drift from a real run.
 */
public interface Task {
  /** Human name shown in reports. */
  String name();

  /** Facts {@link #plan} reads; gathered with every other task's in one probe. */
  FactQuery needs();

  /** Pure: compares desired state with the facts. */
  Plan plan(HostFacts facts, Distro distro);

  /**
   * The systemd unit this task starts when it finds it stopped, if any. A start reads the
   * configuration written so far, so the restarts and reloads of that unit already due are not run
   * again: on a first deploy each daemon starts once, with its final configuration.
   */
  default Optional<String> startsUnit() {
    return Optional.empty();
  }
}
