package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.playbook.PlaybookSource;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell script of the jar's playbooks that a command installs on a host and runs there as root
 * (one readable file per job instead of shell glued in Java).
 *
 * @param resource the script under the bundled playbooks
 * @param path where it goes on the host
 * @param retry the fix a failure of it names
 */
record HelperScript(String resource, String path, String retry) {
  static HelperScript migrate() {
    return new HelperScript(
        "templates/migrate/mailpush-migrate",
        "/usr/local/sbin/mailpush-migrate",
        "run the same mailpush migrate again: every phase repeats safely");
  }

  static HelperScript upgrade() {
    return new HelperScript(
        "templates/upgrade/mailpush-upgrade",
        "/usr/local/sbin/mailpush-upgrade",
        "run the same mailpush upgrade again: it goes on from where the host is");
  }

  void install(HostSession session) {
    byte[] script =
        new PlaybookSource.Bundled()
            .read(resource)
            .orElseThrow(() -> new IllegalStateException(resource + " missing from the jar"))
            .getBytes(StandardCharsets.UTF_8);
    ExecResult r =
        session.exec(
            ExecRequest.root(List.of("install", "-m", "0755", "/dev/stdin", path), script));
    if (!r.succeeded()) {
      throw new MailpushException("cannot install " + path + ": " + r.stderrText().strip(), "");
    }
  }

  /** The script's result; a failure is an exception naming {@link #retry}. */
  ExecResult run(HostSession session, String... args) {
    ExecResult r = session.exec(ExecRequest.root(argv(args)));
    if (!r.succeeded()) {
      throw new MailpushException(
          path + " " + String.join(" ", args) + " failed: " + r.stderrText().strip(), retry);
    }
    return r;
  }

  List<String> argv(String... args) {
    List<String> argv = new ArrayList<>(List.of(path));
    argv.addAll(List.of(args));
    return argv;
  }
}
