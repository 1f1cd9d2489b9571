package dev.mailpush.engine;

import java.time.Duration;
import java.util.function.Function;

/** What the engine reports while it runs; renderers turn these into human lines or JSON. */
public sealed interface RunEvent {

  /**
   * Exhaustive dispatch, one function per event in declaration order (why this form: {@link
   * Plan#match}).
   */
  <R> R match(
      Function<HostStarted, R> hostStarted,
      Function<TaskStarted, R> taskStarted,
      Function<TaskFinished, R> taskFinished,
      Function<HostFinished, R> hostFinished,
      Function<Stopped, R> stopped);

  /** A host's run began; {@code tasks} is how many tasks its play has (handlers aside). */
  record HostStarted(String host, int tasks) implements RunEvent {
    @Override
    public <R> R match(
        Function<HostStarted, R> hostStarted,
        Function<TaskStarted, R> taskStarted,
        Function<TaskFinished, R> taskFinished,
        Function<HostFinished, R> hostFinished,
        Function<Stopped, R> stopped) {
      return hostStarted.apply(this);
    }
  }

  /** A task (or handler) is about to be planned and applied: for live progress. */
  record TaskStarted(String host, String task, boolean handler) implements RunEvent {
    @Override
    public <R> R match(
        Function<HostStarted, R> hostStarted,
        Function<TaskStarted, R> taskStarted,
        Function<TaskFinished, R> taskFinished,
        Function<HostFinished, R> hostFinished,
        Function<Stopped, R> stopped) {
      return taskStarted.apply(this);
    }
  }

  /** A task (or handler, with {@code handler = true}) finished on a host. */
  record TaskFinished(
      String host, String task, boolean handler, TaskOutcome outcome, Duration duration)
      implements RunEvent {
    @Override
    public <R> R match(
        Function<HostStarted, R> hostStarted,
        Function<TaskStarted, R> taskStarted,
        Function<TaskFinished, R> taskFinished,
        Function<HostFinished, R> hostFinished,
        Function<Stopped, R> stopped) {
      return taskFinished.apply(this);
    }
  }

  record HostFinished(HostSummary summary) implements RunEvent {
    @Override
    public <R> R match(
        Function<HostStarted, R> hostStarted,
        Function<TaskStarted, R> taskStarted,
        Function<TaskFinished, R> taskFinished,
        Function<HostFinished, R> hostFinished,
        Function<Stopped, R> stopped) {
      return hostFinished.apply(this);
    }
  }

  /** A batch exceeded {@code --max-fail-percent}; later batches will not run. */
  record Stopped(String reason) implements RunEvent {
    @Override
    public <R> R match(
        Function<HostStarted, R> hostStarted,
        Function<TaskStarted, R> taskStarted,
        Function<TaskFinished, R> taskFinished,
        Function<HostFinished, R> hostFinished,
        Function<Stopped, R> stopped) {
      return stopped.apply(this);
    }
  }
}
