package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes the staging files earlier runs left beside managed files, as the fact probe found them
 * (which ones count as left behind: {@link dev.mailpush.facts.StagingFiles}). One exec, and only
 * when there are some.
 */
final class StagingCleanup {
  /** The name the report gives this step. */
  static final String NAME = "leftover staging files";

  private StagingCleanup() {}

  /**
   * No check again before {@code rm}: a file the probe found stale a moment ago cannot have come
   * back to use, mktemp never hands out an existing name and its own writer has been idle for
   * minutes.
   */
  static TaskOutcome run(HostSession session, Set<String> leftovers, boolean check) {
    List<String> files = leftovers.stream().sorted().toList();
    String what =
        files.size()
            + " leftover staging file"
            + (files.size() == 1 ? "" : "s")
            + ": "
            + String.join(", ", files);
    if (check) {
      return new TaskOutcome.Changed(List.of("would remove " + what), List.of());
    }
    List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
    argv.addAll(files);
    ExecResult result = session.exec(ExecRequest.root(argv));
    if (!result.succeeded()) {
      return new TaskOutcome.Failed(
          "could not remove "
              + what
              + " (exit "
              + result.exitCode()
              + "): "
              + result.stderrText().strip(),
          "they are hidden and never used: remove them by hand (rm -f FILE)");
    }
    return new TaskOutcome.Changed(List.of("removed " + what), List.of());
  }
}
