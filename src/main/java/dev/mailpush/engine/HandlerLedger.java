package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.HostSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which handlers are due on a host, and their marks there. A handler is recorded on the host before
 * the change that makes it due, so when the run fails later (or its connection is lost), the next
 * run finds the mark and fires it; the handler's own command clears the mark once it succeeded
 * ({@link Handlers}).
 */
final class HandlerLedger {
  private final HostSession session;
  private final List<Handler> handlers;

  /** Handlers that fire at the end of this run. */
  private final Set<String> due = new LinkedHashSet<>();

  /** Handlers whose mark is on the host: what the next run fires if this one is cut short. */
  private final Set<String> recorded = new LinkedHashSet<>();

  /**
   * The ledger as the probe found it: every handler of the play a mark on the host names is due.
   */
  HandlerLedger(HostSession session, List<Handler> handlers, Set<String> marks) {
    this.session = session;
    this.handlers = List.copyOf(handlers);
    for (Handler h : handlers) {
      if (new PendingMark(h.name()).in(marks)) {
        due.add(h.name());
      }
    }
    recorded.addAll(due);
  }

  /** Before a change: records the handlers it notifies that are not due yet, and returns them. */
  List<String> recordBefore(List<String> notifies) {
    List<String> newlyDue = notifies.stream().filter(n -> !due.contains(n)).toList();
    if (!newlyDue.isEmpty()) {
      List<String> argv =
          new ArrayList<>(List.of("sh", "-c", RemoteScripts.MARK_PENDING, "sh", PendingMark.DIR));
      newlyDue.forEach(h -> argv.add(PendingMark.fileName(h)));
      Executor.check("record due handlers", session.exec(ExecRequest.root(argv)));
      recorded.addAll(newlyDue);
    }
    return newlyDue;
  }

  /**
   * The change was rolled back: nothing changed after all, and a restart would only disturb the
   * running service, so the handlers {@link #recordBefore} recorded for it are cleared again.
   */
  void rolledBack(List<String> newlyDue) {
    clearMarks("clear due handlers", newlyDue);
  }

  private void clearMarks(String what, List<String> names) {
    if (!names.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
      names.forEach(h -> argv.addAll(new PendingMark(h).paths()));
      Executor.check(what, session.exec(ExecRequest.root(argv)));
      recorded.removeAll(names);
    }
  }

  /**
   * The change was made (or, in check mode, would be): the handlers it notifies fire at the end of
   * the run.
   */
  void changed(List<String> notifies) {
    due.addAll(notifies);
  }

  /**
   * The run started {@code unit} from stopped: it read every configuration written so far, so its
   * handlers due until now (restart, reload) are done; their marks are cleared. Handlers a later
   * change makes due still fire.
   */
  void startedFresh(String unit, boolean check) {
    List<String> moot =
        handlers.stream()
            .filter(h -> h.unit().equals(Optional.of(unit)) && due.contains(h.name()))
            .map(Handler::name)
            .toList();
    if (!check) {
      clearMarks(
          "clear handlers a start made moot", moot.stream().filter(recorded::contains).toList());
    }
    moot.forEach(due::remove);
  }

  Set<String> due() {
    return Set.copyOf(due);
  }

  /** Handlers recorded on the host, in the order they became due. */
  List<String> recorded() {
    return List.copyOf(recorded);
  }
}
