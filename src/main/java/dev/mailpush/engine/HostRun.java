package dev.mailpush.engine;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Converges one host in fixed phases: connect, one fact probe, remove staging files a lost
 * connection left behind, plan and apply each task in order (stopping at the first failure), then
 * fire the handlers that are due. Each concern has its own class: the facts and their re-probe
 * ({@link FactCache}), one task's apply ({@link TaskApply}), due handlers ({@link HandlerLedger},
 * {@link Handlers}), what a failed connection means ({@link ConnectionRules}) and the report
 * ({@link HostReport}).
 */
final class HostRun {
  private final Target host;
  private final Play play;
  private final RunOptions options;
  private final SessionOpener opener;
  private final HostReport report;

  HostRun(
      Target host,
      Play play,
      RunOptions options,
      SessionOpener opener,
      EventSink sink,
      Clock clock) {
    this.host = host;
    this.play = play;
    this.options = options;
    this.opener = opener;
    this.report = new HostReport(host.name(), sink, clock);
  }

  HostSummary run() {
    report.hostStarted(play.tasks().size());
    HostSession session = null;
    try {
      session = opener.open(host);
      converge(session);
      return report.summary(session, false, report.failed() > 0 ? "a task failed" : "");
    } catch (SshException e) {
      boolean unreachable = ConnectionRules.unreachable(session != null, e);
      if (!unreachable && report.failed() == 0) {
        // A connection lost under a task was counted with that task; anything else fails the host
        // here.
        report.hostFailed();
      }
      return report.summary(session, unreachable, message(e));
    } catch (MailpushException e) {
      report.hostFailed();
      return report.summary(session, false, message(e));
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  private void converge(HostSession session) {
    FactCache facts = FactCache.probe(session, play.tasks());
    Distro distro = Distro.detect(facts.current().os());
    removeLeftovers(session, facts.current().leftovers());
    HandlerLedger ledger =
        new HandlerLedger(session, play.handlers(), facts.current().pendingMarks());
    if (applyTasks(
        new TaskApply(host.name(), session, options, distro, facts, ledger), facts, ledger)) {
      Handlers.fire(session, play.handlers(), ledger.due(), options.check(), report);
    }
  }

  private void removeLeftovers(HostSession session, Set<String> leftovers) {
    if (!leftovers.isEmpty()) {
      Instant started = report.taskStarted(StagingCleanup.NAME, false);
      report.taskFinished(
          StagingCleanup.NAME,
          false,
          StagingCleanup.run(session, leftovers, options.check()),
          started);
    }
  }

  /**
   * Returns whether every task succeeded: later tasks may depend on a failed one, so they do not
   * run.
   */
  private boolean applyTasks(TaskApply apply, FactCache facts, HandlerLedger ledger) {
    List<PlayTask> tasks = play.tasks();
    for (int i = 0; i < tasks.size(); i++) {
      String name = tasks.get(i).task().name();
      facts.refreshFor(i);
      Instant started = report.taskStarted(name, false);
      Optional<String> startsFromStopped =
          tasks.get(i).task().startsUnit().filter(u -> !facts.current().service(u).running());
      TaskOutcome outcome;
      try {
        outcome = apply.outcome(i, tasks.get(i));
      } catch (SshException lost) {
        // The task's report carries the reason and the hint; the host's only says where it stopped.
        report.taskFinished(
            name,
            false,
            ConnectionRules.lostDuringTask(host.name(), lost, ledger.recorded()),
            started);
        throw ConnectionRules.stoppedAt(name, lost);
      }
      report.taskFinished(name, false, outcome, started);
      if (outcome.match(ok -> false, changed -> false, failed -> true, skipped -> false)) {
        return false;
      }
      if (outcome.match(ok -> false, changed -> true, failed -> false, skipped -> false)) {
        startsFromStopped.ifPresent(unit -> ledger.startedFresh(unit, options.check()));
      }
    }
    return true;
  }

  private static String message(MailpushException e) {
    return e.hint().isEmpty() ? e.getMessage() : e.getMessage() + "\n  hint: " + e.hint();
  }
}
