package dev.mailpush.engine;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Sha256;
import dev.mailpush.facts.Probe;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converges one host: connect, one fact probe, then plan and apply each task in order, then the handlers
 * that are due. After a task changed the host, the facts the remaining tasks read are probed again (one
 * batched round trip) so no task plans from a stale view; a no-op run therefore costs a single probe. Staging
 * files that a lost connection left behind are found by that first probe and removed before the first task.
 */
final class HostRun {
  private final Target host;
  private final Play play;
  private final RunOptions options;
  private final SessionOpener opener;
  private final EventSink sink;
  private final Clock clock;

  private int ok;
  private int changed;
  private int failed;
  private int skipped;

  HostRun(Target host, Play play, RunOptions options, SessionOpener opener, EventSink sink, Clock clock) {
    this.host = host;
    this.play = play;
    this.options = options;
    this.opener = opener;
    this.sink = sink;
    this.clock = clock;
  }

  HostSummary run() {
    Instant start = clock.instant();
    sink.accept(new RunEvent.HostStarted(host.name(), play.tasks().size()));
    HostSession session = null;
    try {
      session = opener.open(host);
      converge(session);
      return summary(start, session, false, failed > 0 ? "a task failed" : "");
    } catch (SshException e) {
      boolean unreachable = session == null || e.unreachable();
      if (!unreachable && failed == 0) {
        // A connection lost under a task was counted with that task; anything else fails the host here.
        failed++;
      }
      return summary(start, session, unreachable, message(e));
    } catch (MailpushException e) {
      failed++;
      return summary(start, session, false, message(e));
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  private void converge(HostSession session) {
    List<PlayTask> tasks = play.tasks();
    FactQuery first = needs(tasks, 0);
    // The same round trip looks for staging files a lost connection left beside the files this play manages.
    HostFacts facts = probe(session, first.plus(FactQuery.stagingBeside(first.paths())));
    Distro distro = Distro.detect(facts.os());
    if (!facts.leftovers().isEmpty()) {
      sink.accept(new RunEvent.TaskStarted(host.name(), StagingCleanup.NAME, false));
      Instant t0 = clock.instant();
      report(StagingCleanup.NAME, false, StagingCleanup.run(session, facts.leftovers(), options.check()), t0);
    }
    Executor executor = new Executor(host.name(), session);
    Set<String> due = new LinkedHashSet<>();
    for (Handler h : play.handlers()) {
      if (new PendingMark(h.name()).in(facts.pendingMarks())) {
        due.add(h.name());
      }
    }
    // Handlers whose pending mark is on the host: what the next run will fire if this one is cut short.
    Set<String> recorded = new LinkedHashSet<>(due);
    boolean stale = false;
    for (int i = 0; i < tasks.size(); i++) {
      PlayTask pt = tasks.get(i);
      if (stale) {
        facts = probe(session, needs(tasks, i));
        stale = false;
      }
      sink.accept(new RunEvent.TaskStarted(host.name(), pt.task().name(), false));
      Instant t0 = clock.instant();
      TaskOutcome outcome;
      try {
        Plan plan = pt.task().plan(facts, distro);
        if (plan instanceof Plan.Changes changes) {
          List<String> diffs = options.diff() ? diffs(session, changes, facts) : List.of();
          List<String> done = changes.steps().stream().map(Step::describe).toList();
          if (!options.check()) {
            List<String> newlyDue = pt.notifies().stream().filter(n -> !due.contains(n)).toList();
            if (!newlyDue.isEmpty()) {
              markPending(session, newlyDue);
              recorded.addAll(newlyDue);
            }
            try {
              done = executor.apply(changes.steps());
            } catch (TaskFailure.RolledBack e) {
              // Nothing changed after all: a restart would only disturb the running service.
              if (!newlyDue.isEmpty()) {
                unmarkPending(session, newlyDue);
              }
              throw e;
            }
            Optional<Map<String, PathState>> written = writtenFiles(changes.steps());
            FactQuery later = needs(tasks, i + 1);
            if (written.isEmpty() || !later.guards().isEmpty() || !later.contents().isEmpty()) {
              // A command could have changed anything, and a guard (say "map newer than its source") or a
              // file's bytes can depend on what was just written: ask the host again.
              stale = true;
            } else {
              // Only files changed and later tasks read nothing but paths: the engine knows what it wrote.
              facts = facts.withPaths(written.get());
            }
          }
          due.addAll(pt.notifies());
          outcome = new TaskOutcome.Changed(done, diffs);
        } else if (plan instanceof Plan.Report report) {
          outcome = new TaskOutcome.Ok(report.title(), report.text());
        } else if (plan instanceof Plan.Skip skip) {
          outcome = new TaskOutcome.Skipped(skip.reason());
        } else {
          outcome = new TaskOutcome.Ok(((Plan.NoChange) plan).reason());
        }
      } catch (SshException e) {
        if (e.kind() == SshException.Kind.CONNECTION_LOST) {
          SshException lost = connectionLost(e, recorded);
          report(pt.task().name(), false, new TaskOutcome.Failed(lost.getMessage(), lost.hint()), t0);
          // The task's report carries the reason and the hint; the host's only says where it stopped.
          throw new SshException(lost.kind(), "connection lost during task \"" + pt.task().name() + "\"", "", lost);
        }
        outcome = new TaskOutcome.Failed(e.getMessage(), e.hint());
      } catch (MailpushException e) {
        outcome = new TaskOutcome.Failed(e.getMessage(), e.hint());
      }
      report(pt.task().name(), false, outcome, t0);
      if (outcome.match(o -> false, c -> false, f -> true, s -> false)) {
        // Later tasks may depend on this one; due handlers stay marked on the host for the next run.
        return;
      }
    }
    runHandlers(session, due);
  }

  /**
   * The connection died under a task: what state that leaves the host in, and that a re-run finishes the job.
   * Every file write either completed or left the old file (the write script checks the length before its
   * rename), a validated group is installed, validated and put back when rejected by one script that outlives
   * the connection, and due handlers were recorded on the host before the task touched anything.
   */
  private SshException connectionLost(SshException e, Set<String> recorded) {
    return new SshException(SshException.Kind.CONNECTION_LOST, e.getMessage(),
        "run mailpush again once " + host.name() + " answers on SSH: every file is either its old or its new"
            + " version, and tasks already done change nothing"
            + (recorded.isEmpty() ? "" : "; the due handlers (" + String.join(", ", recorded)
                + ") are recorded on the host and run then")
            + ". If it keeps happening, look for a reboot, an OOM kill or a network drop (journalctl -b on the host).",
        e);
  }

  /**
   * What the host's paths are after a plan made only of file writes, or empty when a step could have changed
   * anything (a command): then the facts later tasks read are probed again.
   */
  static Optional<Map<String, PathState>> writtenFiles(List<Step> steps) {
    Map<String, PathState> written = new HashMap<>();
    for (Step step : steps) {
      Optional<List<Step.WriteFile>> files = step.match(
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
    return new PathState.RegularFile(Sha256.hex(w.content()), w.mode(), owner, w.group() == null ? owner : w.group(),
        w.content().length);
  }

  private void runHandlers(HostSession session, Set<String> due) {
    for (Handler h : play.handlers()) {
      if (!due.contains(h.name())) {
        continue;
      }
      sink.accept(new RunEvent.TaskStarted(host.name(), h.name(), true));
      Instant t0 = clock.instant();
      TaskOutcome outcome;
      String action = String.join(" ", h.argv());
      if (options.check()) {
        outcome = new TaskOutcome.Changed(List.of("would run " + action), List.of());
      } else {
        PendingMark mark = new PendingMark(h.name());
        List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.RUN_HANDLER, "sh", mark.path(),
            mark.legacyPath().orElse(mark.path())));
        argv.addAll(h.argv());
        ExecResult result = session.exec(ExecRequest.root(argv));
        outcome = result.succeeded()
            ? new TaskOutcome.Changed(List.of(action), List.of())
            : new TaskOutcome.Failed(action + " failed (exit " + result.exitCode() + "): " + result.stderrText().strip(),
                "the handler stays due: the next run retries it; check the service's journal (journalctl -u UNIT)");
      }
      report(h.name(), true, outcome, t0);
    }
  }

  private void unmarkPending(HostSession session, List<String> handlers) {
    List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
    handlers.forEach(h -> argv.addAll(new PendingMark(h).paths()));
    Executor.check("clear due handlers", session.exec(ExecRequest.root(argv)));
  }

  private void markPending(HostSession session, List<String> handlers) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.MARK_PENDING, "sh", PendingMark.DIR));
    handlers.forEach(h -> argv.add(PendingMark.fileName(h)));
    Executor.check("record due handlers", session.exec(ExecRequest.root(argv)));
  }

  private static HostFacts probe(HostSession session, FactQuery query) {
    return Probe.gather(session, query);
  }

  private List<String> diffs(HostSession session, Plan.Changes changes, HostFacts facts) {
    List<Plan.ManagedFile> files = changes.files();
    if (files.isEmpty()) {
      return List.of();
    }
    List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.READ_FILES, "sh"));
    List<Plan.ManagedFile> readable = files.stream().filter(f -> !f.secret()).toList();
    readable.forEach(f -> argv.add(f.path()));
    Map<String, byte[]> before = new HashMap<>();
    if (!readable.isEmpty()) {
      byte[] out = session.exec(ExecRequest.root(argv)).stdout();
      before = FileDump.parse(out, readable.stream().map(Plan.ManagedFile::path).toList());
    }
    List<String> diffs = new ArrayList<>();
    for (Plan.ManagedFile f : files) {
      diffs.add(Differ.diff(f.path(), before.get(f.path()), f));
    }
    return diffs;
  }

  private static FactQuery needs(List<PlayTask> tasks, int from) {
    FactQuery q = FactQuery.none();
    for (int i = from; i < tasks.size(); i++) {
      q = q.plus(tasks.get(i).task().needs());
    }
    return q;
  }

  private void report(String name, boolean handler, TaskOutcome outcome, Instant t0) {
    outcome.match(
        o -> ok++,
        c -> changed++,
        f -> failed++,
        s -> skipped++);
    sink.accept(new RunEvent.TaskFinished(host.name(), name, handler, outcome, Duration.between(t0, clock.instant())));
  }

  private HostSummary summary(Instant start, HostSession session, boolean unreachable, String error) {
    return new HostSummary(host.name(), ok, changed, failed, skipped, unreachable, false, error,
        Duration.between(start, clock.instant()),
        session == null ? 0 : session.execCount(),
        session == null ? 0 : session.bytesSent());
  }

  private static String message(MailpushException e) {
    return e.hint().isEmpty() ? e.getMessage() : e.getMessage() + "\n  hint: " + e.hint();
  }
}
