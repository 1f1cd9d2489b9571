package dev.mailpush.engine;

import dev.mailpush.ssh.HostSession;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One host's run in a test: the events it reported and its recap line. */
record Converged(List<RunEvent> events, HostSummary summary) {
  static final RunOptions CHECK = new RunOptions(true, false, 1, null, 100);
  static final RunOptions CHECK_DIFF = new RunOptions(true, true, 1, null, 100);

  static Converged run(Play play, HostSession session) {
    return run(play, session, RunOptions.defaults());
  }

  static Converged run(Play play, HostSession session, RunOptions options) {
    return run(play, t -> session, options);
  }

  static Converged run(Play play, SessionOpener opener, RunOptions options) {
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    HostSummary summary =
        new HostRun(new Target("mx1"), play, options, opener, events::add, Clock.systemUTC()).run();
    return new Converged(List.copyOf(events), summary);
  }

  /** The tasks (and handlers) that started, in order. */
  List<String> started() {
    return events.stream()
        .filter(RunEvent.TaskStarted.class::isInstance)
        .map(RunEvent.TaskStarted.class::cast)
        .map(RunEvent.TaskStarted::task)
        .toList();
  }

  /** How {@code task} ended; fails the test when it never finished. */
  TaskOutcome outcome(String task) {
    return finished(task).outcome();
  }

  RunEvent.TaskFinished finished(String task) {
    return events.stream()
        .filter(RunEvent.TaskFinished.class::isInstance)
        .map(RunEvent.TaskFinished.class::cast)
        .filter(f -> f.task().equals(task))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + task + " in " + events));
  }

  /** The handlers that ran (or would have run), in order. */
  List<String> handlers() {
    return events.stream()
        .filter(RunEvent.TaskFinished.class::isInstance)
        .map(RunEvent.TaskFinished.class::cast)
        .filter(RunEvent.TaskFinished::handler)
        .map(RunEvent.TaskFinished::task)
        .toList();
  }
}
