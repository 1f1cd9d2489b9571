package dev.mailpush.engine;

import dev.mailpush.distro.PackageLock;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.util.ArrayList;
import java.util.List;

/** Applies the steps of a plan over a host's session, in order, stopping at the first failure. */
final class Executor {
  private final String host;
  private final HostSession session;

  Executor(String host, HostSession session) {
    this.host = host;
    this.session = session;
  }

  /**
   * Returns what was done, one line per step: the step's description, plus what the admin should know about
   * how it went (apt waited for another package manager's lock).
   */
  List<String> apply(List<Step> steps) {
    List<String> done = new ArrayList<>();
    for (Step step : steps) {
      String action = step.describe();
      // Java 17 has no pattern switch; the sealed interface keeps this list complete.
      if (step instanceof Step.RunCommand run) {
        ExecResult result = session.exec(run.request());
        failOnPackageLock(result);
        check(run.description(), result);
        action += PackageLock.waited(result.stdoutText()).map(w -> " (" + w.describeWait() + ")").orElse("");
      } else if (step instanceof Step.WriteFile write) {
        write(write);
      } else if (step instanceof Step.ValidatedWrite vw) {
        validatedWrite(vw);
      } else if (step instanceof Step.Custom custom) {
        custom.action().apply(session);
      } else {
        throw new IllegalStateException("unknown step " + step);
      }
      done.add(action);
    }
    return done;
  }

  private void write(Step.WriteFile f) {
    String owner = f.owner() == null ? "root" : f.owner();
    String group = f.group() == null ? "" : f.group();
    List<String> argv = List.of("sh", "-c", RemoteScripts.WRITE, "sh", f.path(), f.mode(), owner, group,
        f.keepPrevious() ? "1" : "0", Integer.toString(f.content().length));
    ExecResult result = session.exec(ExecRequest.root(argv, f.content()));
    if (!result.succeeded() && output(result).contains("No space left on device")) {
      // The script removed its temp file and never touched the target: say so, and where space is missing.
      String dir = f.path().substring(0, Math.max(1, f.path().lastIndexOf('/')));
      throw new TaskFailure(
          "no space left on " + host + " to write " + f.path() + " (" + f.content().length + " bytes); the file"
              + " keeps its previous version:\n" + indent(output(result)),
          "free space on the file system of " + dir + " (see df -h " + dir + " on " + host + ") and run again");
    }
    check("write " + f.path(), result);
  }

  /** apt gave up on a lock another package manager held: say who held it and what to do, not only apt's words. */
  private static void failOnPackageLock(ExecResult result) {
    if (!result.succeeded()) {
      PackageLock.gaveUp(result.stdoutText(), result.stderrText()).ifPresent(lock -> {
        throw new TaskFailure(lock.describeFailure(), lock.hint());
      });
    }
  }

  private void validatedWrite(Step.ValidatedWrite vw) {
    List<String> written = new ArrayList<>();
    try {
      for (Step.WriteFile f : vw.files()) {
        write(new Step.WriteFile(f.path(), f.content(), f.mode(), f.owner(), f.group(), true));
        written.add(f.path());
      }
      ExecResult result = session.exec(ExecRequest.root(vw.validator()));
      if (!result.succeeded()) {
        restore(written);
        throw new TaskFailure.RolledBack(
            String.join(" ", vw.validator()) + " rejected the new configuration; the previous files were restored and"
                + " no service was reloaded:\n" + indent(output(result)),
            "fix the value that produced the invalid configuration (see the validator's message) and run again");
      }
    } catch (TaskFailure e) {
      throw e;
    } catch (RuntimeException e) {
      if (!written.isEmpty()) {
        try {
          restore(written);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private void restore(List<String> paths) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.RESTORE, "sh"));
    argv.addAll(paths);
    check("restore " + String.join(", ", paths), session.exec(ExecRequest.root(argv)));
  }

  static void check(String what, ExecResult result) {
    if (!result.succeeded()) {
      throw new TaskFailure(
          what + " failed (exit " + result.exitCode() + ")" + (output(result).isBlank() ? "" : ":\n" + indent(output(result))),
          "");
    }
  }

  private static String output(ExecResult result) {
    String err = result.stderrText().strip();
    String out = result.stdoutText().strip();
    String text = err.isEmpty() ? out : err;
    // The end of a long log says what went wrong.
    return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}
