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
 * round trip, so no task plans from a stale view. When the change was only file writes, the engine
 * knows the paths it wrote, so the probe waits for the first task that reads more than paths (a
 * guard such as "map newer than its source", or a file's bytes): a run of file tasks after a write
 * costs no round trip. A run that changes nothing costs one probe.
 *
 * <p>A re-probe asks for the next {@link #WINDOW} tasks only, not all that remain: with one task
 * per user or per domain, asking for every remaining one after each change made the k-th of n
 * changes pay for the n - k still to come (n² in all; bench/RESULTS-curves.md). A task past the
 * window is probed when it is reached, so a long stretch without changes after a change costs one
 * probe per window.
 */
final class FactCache {
  static final int WINDOW = 32;

  private final HostSession session;
  private final List<PlayTask> tasks;

  private HostFacts facts;

  /** A command ran: any fact held may be wrong. */
  private boolean stale;

  /** Only files were written: the paths held are right, guards and file contents may not be. */
  private boolean guardsStale;

  /** The facts held are those of the tasks before this index (and after the current one). */
  private int probedUpTo;

  private FactCache(HostSession session, List<PlayTask> tasks, HostFacts facts) {
    this.session = session;
    this.tasks = tasks;
    this.facts = facts;
    this.probedUpTo = tasks.size();
  }

  /**
   * The first probe. The same round trip looks for staging files a lost connection left beside the
   * files the play manages ({@link HostFacts#leftovers}).
   */
  static FactCache probe(HostSession session, List<PlayTask> tasks) {
    FactQuery all = needs(tasks, 0, tasks.size());
    return new FactCache(
        session, tasks, Probe.gather(session, all.plus(FactQuery.stagingBeside(all.paths()))));
  }

  HostFacts current() {
    return facts;
  }

  /**
   * Before task {@code next} plans: probes what it and the tasks of its window read, when a change
   * left what it reads stale or the task is past the facts held.
   */
  void refreshFor(int next) {
    if (stale || next >= probedUpTo || (guardsStale && readsMoreThanPaths(next))) {
      int end = Math.min(tasks.size(), next + WINDOW);
      facts = Probe.gather(session, needs(tasks, next, end));
      probedUpTo = end;
      stale = false;
      guardsStale = false;
    }
  }

  /** Task {@code index} applied {@code steps} to the host. */
  void changed(int index, List<Step> steps) {
    Optional<Map<String, PathState>> written = writtenFiles(steps);
    if (written.isEmpty()) {
      // A command could have changed anything: ask the host again before the next task.
      stale = true;
    } else {
      // Only files changed: the engine knows what it wrote. A guard or a file's bytes may depend on
      // it, so they are asked again when a task that reads them is reached.
      facts = facts.withPaths(written.get());
      guardsStale = true;
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

  /**
   * Task {@code i} reads a guard or a file's bytes, which a write may change in ways only the host
   * can tell.
   */
  private boolean readsMoreThanPaths(int i) {
    FactQuery q = tasks.get(i).task().needs();
    return !q.guards().isEmpty() || !q.contents().isEmpty();
  }

  /** What the tasks from {@code from} up to {@code to} (exclusive) read. */
  private static FactQuery needs(List<PlayTask> tasks, int from, int to) {
    FactQuery q = FactQuery.none();
    for (int i = from; i < to; i++) {
      q = q.plus(tasks.get(i).task().needs());
    }
    return q;
  }
}
