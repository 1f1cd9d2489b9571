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
   * Returns what was done, one line per step: the step's description, plus what the admin should
   * know about how it went (apt waited for another package manager's lock).
   */
  List<String> apply(List<Step> steps) {
    List<String> done = new ArrayList<>();
    for (Step step : steps) {
      done.add(step.match(this::run, this::write, this::validatedWrite, this::custom));
    }
    return done;
  }

  private String run(Step.RunCommand run) {
    ExecResult result = session.exec(run.request());
    failOnPackageLock(result);
    check(run.description(), result);
    return run.describe()
        + PackageLock.waited(result.stdoutText())
            .map(w -> " (" + w.describeWait() + ")")
            .orElse("");
  }

  private String custom(Step.Custom custom) {
    if (custom.action() instanceof Step.Custom.Reporting r) {
      String note = r.applyAndReport(session);
      return note.isEmpty() ? custom.describe() : custom.describe() + " (warning: " + note + ")";
    }
    custom.action().apply(session);
    return custom.describe();
  }

  private String write(Step.WriteFile f) {
    List<String> argv =
        List.of(
            "sh",
            "-c",
            RemoteScripts.WRITE,
            "sh",
            f.path(),
            f.mode(),
            owner(f),
            group(f),
            f.keepPrevious() ? "1" : "0",
            Integer.toString(f.content().length));
    ExecResult result = session.exec(ExecRequest.root(argv, f.content()));
    failOnFullDisk(f, result);
    check("write " + f.path(), result);
    return f.describe();
  }

  /**
   * Uploads a file to a checked temp file beside it (see {@link RemoteScripts#STAGE}) and returns
   * its path.
   */
  private String stage(Step.WriteFile f) {
    List<String> argv =
        List.of(
            "sh",
            "-c",
            RemoteScripts.STAGE,
            "sh",
            f.path(),
            f.mode(),
            owner(f),
            group(f),
            Integer.toString(f.content().length));
    ExecResult result = session.exec(ExecRequest.root(argv, f.content()));
    failOnFullDisk(f, result);
    check("write " + f.path(), result);
    List<String> lines = result.stdoutText().strip().lines().toList();
    String temp = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    String dir = f.path().substring(0, f.path().lastIndexOf('/') + 1);
    if (!temp.startsWith(dir + ".mailpush.") || temp.indexOf('/', dir.length()) >= 0) {
      throw new TaskFailure(
          "staging "
              + f.path()
              + " on "
              + host
              + " printed no temp file beside it: \""
              + temp
              + "\"",
          "");
    }
    return temp;
  }

  private static String owner(Step.WriteFile f) {
    return f.owner() == null ? "root" : f.owner();
  }

  private static String group(Step.WriteFile f) {
    return f.group() == null ? "" : f.group();
  }

  private void failOnFullDisk(Step.WriteFile f, ExecResult result) {
    if (!result.succeeded() && output(result).contains("No space left on device")) {
      // The script removed its temp file and never touched the target: say so, and where space is
      // missing.
      String dir = f.path().substring(0, Math.max(1, f.path().lastIndexOf('/')));
      throw new TaskFailure(
          "no space left on "
              + host
              + " to write "
              + f.path()
              + " ("
              + f.content().length
              + " bytes); the file"
              + " keeps its previous version:\n"
              + indent(output(result)),
          "free space on the file system of "
              + dir
              + " (see df -h "
              + dir
              + " on "
              + host
              + ") and run again");
    }
  }

  /**
   * apt gave up on a lock another package manager held: say who held it and what to do, not only
   * apt's words.
   */
  private static void failOnPackageLock(ExecResult result) {
    if (!result.succeeded()) {
      PackageLock.gaveUp(result.stdoutText(), result.stderrText())
          .ifPresent(
              lock -> {
                throw new TaskFailure(lock.describeFailure(), lock.hint());
              });
    }
  }

  /**
   * Stages every file (one exec each), then installs and validates them in one exec whose script a
   * lost connection cannot interrupt: no service ever sees a file that was not validated, and a
   * rejected group is put back even when nobody is listening any more.
   */
  private String validatedWrite(Step.ValidatedWrite vw) {
    List<String> paths = vw.files().stream().map(Step.WriteFile::path).toList();
    List<String> argv =
        new ArrayList<>(
            List.of("sh", "-c", RemoteScripts.COMMIT, "sh", Integer.toString(paths.size())));
    List<String> staged = new ArrayList<>();
    try {
      for (Step.WriteFile f : vw.files()) {
        String temp = stage(f);
        staged.add(temp);
        argv.add(temp);
        argv.add(f.path());
      }
    } catch (RuntimeException e) {
      if (!staged.isEmpty()) {
        // Best effort: over a lost connection this fails too, and the temp files stay (hidden,
        // never used).
        try {
          List<String> rm = new ArrayList<>(List.of("rm", "-f", "--"));
          rm.addAll(staged);
          session.exec(ExecRequest.root(rm));
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    argv.addAll(vw.validator());
    ExecResult result = session.exec(ExecRequest.root(argv));
    String validator = String.join(" ", vw.validator());
    if (result.exitCode() == RemoteScripts.REJECTED) {
      throw new TaskFailure.RolledBack(
          validator
              + " rejected the new configuration; the previous files were restored and no service was"
              + " reloaded:\n"
              + indent(output(result)),
          "fix the value that produced the invalid configuration (see the validator's message) and run again");
    }
    if (result.exitCode() == RemoteScripts.NOT_PUT_BACK) {
      throw new TaskFailure(
          validator
              + " rejected the new configuration and not every previous file could be put back on "
              + host
              + ":\n"
              + indent(output(result)),
          "before any service reloads, put back by hand each PATH.mailpush-prev as PATH (or remove PATH where"
              + " there is none) for "
              + String.join(", ", paths)
              + ", then fix the value that produced the invalid"
              + " configuration and run again");
    }
    check("install " + String.join(", ", paths), result);
    return vw.describe();
  }

  static void check(String what, ExecResult result) {
    if (!result.succeeded()) {
      throw new TaskFailure(
          what
              + " failed (exit "
              + result.exitCode()
              + ")"
              + (output(result).isBlank() ? "" : ":\n" + indent(output(result))),
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
