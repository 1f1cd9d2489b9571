package dev.mailpush.engine;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshException;
import java.util.List;

/**
 * Plans one task from the current facts and applies the plan: the diff first when asked, then
 * (unless in check mode) the handlers it notifies recorded on the host, its steps, and the facts
 * brought up to date.
 */
final class TaskApply {
  private final HostSession session;
  private final RunOptions options;
  private final Distro distro;
  private final FactCache facts;
  private final HandlerLedger ledger;
  private final Executor executor;

  TaskApply(
      String host,
      HostSession session,
      RunOptions options,
      Distro distro,
      FactCache facts,
      HandlerLedger ledger) {
    this.session = session;
    this.options = options;
    this.distro = distro;
    this.facts = facts;
    this.ledger = ledger;
    this.executor = new Executor(host, session);
  }

  /**
   * How task {@code index} ended. Its failures become a {@link TaskOutcome.Failed}, except a
   * transport failure that ends the host's run ({@link ConnectionRules#endsTheRun}), which is
   * thrown.
   */
  TaskOutcome outcome(int index, PlayTask pt) {
    try {
      return pt.task()
          .plan(facts.current(), distro)
          .match(
              noChange -> new TaskOutcome.Ok(noChange.reason()),
              report -> new TaskOutcome.Ok(report.title(), report.text()),
              skip -> new TaskOutcome.Skipped(skip.reason()),
              changes -> apply(index, pt, changes));
    } catch (SshException e) {
      if (ConnectionRules.endsTheRun(e)) {
        throw e;
      }
      return new TaskOutcome.Failed(e.getMessage(), e.hint());
    } catch (MailpushException e) {
      return new TaskOutcome.Failed(e.getMessage(), e.hint());
    }
  }

  private TaskOutcome apply(int index, PlayTask pt, Plan.Changes changes) {
    List<String> diffs = options.diff() ? FileDiffs.of(session, changes.files()) : List.of();
    List<String> done = changes.steps().stream().map(Step::describe).toList();
    if (!options.check()) {
      List<String> newlyDue = ledger.recordBefore(pt.notifies());
      try {
        done = executor.apply(changes.steps());
      } catch (TaskFailure.RolledBack e) {
        ledger.rolledBack(newlyDue);
        throw e;
      }
      facts.changed(index, changes.steps());
    }
    ledger.changed(pt.notifies());
    return new TaskOutcome.Changed(done, diffs);
  }
}
