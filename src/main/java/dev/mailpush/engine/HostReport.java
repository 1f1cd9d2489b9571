package dev.mailpush.engine;

import dev.mailpush.ssh.HostSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What one host's run reports: its events, timed by the run's clock, and the counts its recap line
 * carries.
 */
final class HostReport {
  private final String host;
  private final EventSink sink;
  private final Clock clock;
  private Instant start;

  private int ok;
  private int changed;
  private int failed;
  private int skipped;

  HostReport(String host, EventSink sink, Clock clock) {
    this.host = host;
    this.sink = sink;
    this.clock = clock;
  }

  void hostStarted(int tasks) {
    start = clock.instant();
    sink.accept(new RunEvent.HostStarted(host, tasks));
  }

  /** Returns when the task started, for {@link #taskFinished}. */
  Instant taskStarted(String name, boolean handler) {
    sink.accept(new RunEvent.TaskStarted(host, name, handler));
    return clock.instant();
  }

  void taskFinished(String name, boolean handler, TaskOutcome outcome, Instant started) {
    outcome.match(o -> ok++, c -> changed++, f -> failed++, s -> skipped++);
    sink.accept(
        new RunEvent.TaskFinished(
            host, name, handler, outcome, Duration.between(started, clock.instant())));
  }

  /** How many tasks and handlers failed so far. */
  int failed() {
    return failed;
  }

  /** The host failed outside any task (its probe, say): it counts as one failure. */
  void hostFailed() {
    failed++;
  }

  /**
   * @param session the host's session, or {@code null} when none was opened
   */
  HostSummary summary(HostSession session, boolean unreachable, String error) {
    return new HostSummary(
        host,
        ok,
        changed,
        failed,
        skipped,
        unreachable,
        false,
        error,
        Duration.between(start, clock.instant()),
        session == null ? 0 : session.execCount(),
        session == null ? 0 : session.bytesSent());
  }
}
