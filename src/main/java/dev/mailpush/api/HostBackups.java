package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup} and {@code restore}: the host's own backup script (templates/backup), which the
 * daily timer runs too, over one SSH exec per host; its result lines become checks.
 */
final class HostBackups {
  static final String SCRIPT = "/usr/local/sbin/mailpush-backup";

  private final RunContext context;

  HostBackups(RunContext context) {
    this.context = context;
  }

  /** The script with {@code args} on each host, {@code forks} at a time. */
  List<Check> run(List<HostConfig> hosts, List<String> args, int forks) {
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
      return FanOut.map(hosts, forks, h -> onHost(ssh, h, args)).stream()
          .flatMap(List::stream)
          .toList();
    }
  }

  private static List<Check> onHost(SshConnector ssh, HostConfig host, List<String> args) {
    Subject subject = Subject.host(host.name());
    if (host.backup().isEmpty()) {
      return List.of(
          fail(
              subject,
              "no [backup] for this host in the inventory",
              "add [backup] with repository and password_file, then mailpush deploy"));
    }
    List<String> argv = new ArrayList<>(List.of(SCRIPT));
    argv.addAll(args);
    ExecResult result;
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      result = s.exec(ExecRequest.root(argv));
    } catch (MailpushException e) {
      return List.of(fail(subject, "unreachable: " + e.getMessage(), null));
    }
    List<Check> checks = CheckLines.parse(subject, result.stdoutText());
    if (result.exitCode() == 127 || (checks.isEmpty() && !result.succeeded())) {
      String error = result.stderrText().strip();
      return List.of(
          fail(
              subject,
              result.exitCode() == 127
                  ? "the backup script is not on the host yet"
                  : "the backup script failed (exit " + result.exitCode() + "): " + error,
              result.exitCode() == 127 ? "mailpush deploy INVENTORY (with [backup])" : null));
    }
    return checks;
  }

  private static Check fail(Subject subject, String message, String fix) {
    return new Check(subject, "backup", Status.FAIL, null, null, fix, message);
  }
}
