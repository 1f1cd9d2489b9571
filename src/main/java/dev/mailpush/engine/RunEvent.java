package dev.mailpush.engine;

import java.time.Duration;

/** What the engine reports while it runs; renderers turn these into human lines or JSON. */
public sealed interface RunEvent {

  /** A host's run began; {@code tasks} is how many tasks its play has (handlers aside). */
  record HostStarted(String host, int tasks) implements RunEvent {}

  /** A task (or handler) is about to be planned and applied: for live progress. */
  record TaskStarted(String host, String task, boolean handler) implements RunEvent {}

  /** A task (or handler, with {@code handler = true}) finished on a host. */
  record TaskFinished(String host, String task, boolean handler, TaskOutcome outcome, Duration duration)
      implements RunEvent {}

  record HostFinished(HostSummary summary) implements RunEvent {}

  /** A batch exceeded {@code --max-fail-percent}; later batches will not run. */
  record Stopped(String reason) implements RunEvent {}
}
