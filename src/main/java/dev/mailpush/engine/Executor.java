package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.util.ArrayList;
import java.util.List;

/** Applies the steps of a plan over a host's session, in order, stopping at the first failure. */
final class Executor {
  private final HostSession session;

  Executor(HostSession session) {
    this.session = session;
  }

  void apply(List<Step> steps) {
    for (Step step : steps) {
      // Java 17 has no pattern switch; the sealed interface keeps this list complete.
      if (step instanceof Step.RunCommand run) {
        check(run.description(), session.exec(run.request()));
      } else if (step instanceof Step.WriteFile write) {
        write(write);
      } else if (step instanceof Step.ValidatedWrite vw) {
        validatedWrite(vw);
      } else if (step instanceof Step.Custom custom) {
        custom.action().apply(session);
      } else {
        throw new IllegalStateException("unknown step " + step);
      }
    }
  }

  private void write(Step.WriteFile f) {
    String owner = f.owner() == null ? "root" : f.owner();
    String group = f.group() == null ? "" : f.group();
    List<String> argv = List.of("sh", "-c", RemoteScripts.WRITE, "sh", f.path(), f.mode(), owner, group,
        f.keepPrevious() ? "1" : "0");
    check("write " + f.path(), session.exec(ExecRequest.root(argv, f.content())));
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
