package dev.mailpush.engine;

import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Probe;
import dev.mailpush.facts.Sha256;
import dev.mailpush.ssh.HostSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts a host's tasks plan from: every task's, gathered in one probe before the first task.
 * After a task changed the host, the facts the remaining tasks read are probed again in one batched
 * round trip, so no task plans from a stale view; when the change was only file writes and those
 * tasks read nothing but paths, the engine knows what it wrote and no probe is needed. A run that
 * changes nothing therefore costs one probe.
 */
final class FactCache {
  private final HostSession session;
  private final List<PlayTask> tasks;
  private HostFacts facts;
  private boolean stale;

  private FactCache(HostSession session, List<PlayTask> tasks, HostFacts facts) {
    this.session = session;
    this.tasks = tasks;
    this.facts = facts;
  }

  /**
   * The first probe. The same round trip looks for staging files a lost connection left beside the
   * files the play manages ({@link HostFacts#leftovers}).
   */
  static FactCache probe(HostSession session, List<PlayTask> tasks) {
    FactQuery all = needs(tasks, 0);
    return new FactCache(
        session, tasks, Probe.gather(session, all.plus(FactQuery.stagingBeside(all.paths()))));
  }

  HostFacts current() {
    return facts;
  }

  /**
   * Before task {@code next} plans: probes what it and the tasks after it read, when a change left
   * that stale.
   */
  void refreshFor(int next) {
    if (stale) {
      facts = Probe.gather(session, needs(tasks, next));
      stale = false;
    }
  }

  /** Task {@code index} applied {@code steps} to the host. */
  void changed(int index, List<Step> steps) {
    Optional<Map<String, PathState>> written = writtenFiles(steps);
    FactQuery later = needs(tasks, index + 1);
    if (written.isEmpty() || !later.guards().isEmpty() || !later.contents().isEmpty()) {
      // A command could have changed anything, and a guard (say "map newer than its source") or a
      // file's bytes
      // can depend on what was just written: ask the host again.
      stale = true;
    } else {
      // Only files changed and later tasks read nothing but paths: the engine knows what it wrote.
      facts = facts.withPaths(written.get());
    }
  }

  /**
   * What the host's paths are after a plan made only of file writes, or empty when a step could
   * have changed anything (a command): then the facts later tasks read are probed again.
   */
  static Optional<Map<String, PathState>> writtenFiles(List<Step> steps) {
    Map<String, PathState> written = new HashMap<>();
    for (Step step : steps) {
      Optional<List<Step.WriteFile>> files =
          step.match(
              run -> Optional.empty(),
              write -> Optional.of(List.of(write)),
              validated -> Optional.of(validated.files()),
              custom -> Optional.empty());
      if (files.isEmpty()) {
        return Optional.empty();
      }
      files.get().forEach(w -> written.put(w.path(), stateAfter(w)));
    }
    return Optional.of(written);
  }

  private static PathState stateAfter(Step.WriteFile w) {
    String owner = w.owner() == null ? "root" : w.owner();
    return new PathState.RegularFile(
        Sha256.hex(w.content()),
        w.mode(),
        owner,
        w.group() == null ? owner : w.group(),
        w.content().length);
  }

  /** What the tasks from {@code from} on read. */
  private static FactQuery needs(List<PlayTask> tasks, int from) {
    FactQuery q = FactQuery.none();
    for (int i = from; i < tasks.size(); i++) {
      q = q.plus(tasks.get(i).task().needs());
    }
    return q;
  }
}
