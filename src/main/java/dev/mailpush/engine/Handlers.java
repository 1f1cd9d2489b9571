package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fires the due handlers once each, in the play's order, after every task; check mode says what
 * would run.
 */
final class Handlers {
  private Handlers() {}

  static void fire(
      HostSession session,
      List<Handler> handlers,
      Set<String> due,
      boolean check,
      HostReport report) {
    for (Handler h : handlers) {
      if (due.contains(h.name())) {
        Instant started = report.taskStarted(h.name(), true);
        report.taskFinished(h.name(), true, check ? wouldRun(h) : run(session, h), started);
      }
    }
  }

  private static TaskOutcome wouldRun(Handler h) {
    return new TaskOutcome.Changed(List.of("would run " + String.join(" ", h.argv())), List.of());
  }

  /**
   * Runs the handler's command; the same script clears its mark, only when the command succeeded.
   */
  private static TaskOutcome run(HostSession session, Handler h) {
    String action = String.join(" ", h.argv());
    PendingMark mark = new PendingMark(h.name());
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                RemoteScripts.RUN_HANDLER,
                "sh",
                mark.path(),
                mark.legacyPath().orElse(mark.path())));
    argv.addAll(h.argv());
    ExecResult result = session.exec(ExecRequest.root(argv));
    return result.succeeded()
        ? new TaskOutcome.Changed(List.of(action), List.of())
        : new TaskOutcome.Failed(
            action + " failed (exit " + result.exitCode() + "): " + result.stderrText().strip(),
            "the handler stays due: the next run retries it; check the service's journal (journalctl -u UNIT)");
  }
}
