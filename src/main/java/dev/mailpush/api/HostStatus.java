package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.playbook.PlaybookSource;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.util.List;

/**
 * {@code status}: how each deployed host is now, read-only, in one SSH command per host: services,
 * listeners, the queue, disk, certificate, DKIM keys, bans, the last backup, pending updates and
 * the release's support. The script (templates/status/mailpush-status.sh) reports in check lines;
 * values reach it as positional parameters, never spliced into it.
 */
final class HostStatus {
  // A file of the bundled playbooks, like the scripts commands install (HelperScript); this one
  // only runs, read-only, and is never written to the host.
  private static final String SCRIPT_FILE = "templates/status/mailpush-status.sh";
  private static final String SCRIPT =
      new PlaybookSource.Bundled()
          .read(SCRIPT_FILE)
          .orElseThrow(() -> new IllegalStateException(SCRIPT_FILE + " missing from the jar"));

  private final RunContext context;

  HostStatus(RunContext context) {
    this.context = context;
  }

  List<Check> run(List<HostConfig> hosts, int forks) {
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
      return FanOut.map(hosts, forks, h -> onHost(ssh, h)).stream().flatMap(List::stream).toList();
    }
  }

  private static List<Check> onHost(SshConnector ssh, HostConfig host) {
    Subject subject = Subject.host(host.name());
    List<String> argv =
        List.of(
            "sh",
            "-c",
            SCRIPT,
            "sh",
            host.hostname(),
            host.mail().dkimSelector(),
            host.backup().isPresent() ? "yes" : "no",
            String.join(" ", FactGathering.services(host)),
            String.join(" ", host.mail().virtualDomains()),
            host.alerts().enabled() ? "yes" : "no");
    ExecResult result;
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      result = s.exec(ExecRequest.root(argv));
    } catch (MailpushException e) {
      return List.of(fail(subject, "reachable", "unreachable: " + e.getMessage()));
    }
    List<Check> checks = CheckLines.parse(subject, result.stdoutText());
    if (checks.isEmpty()) {
      return List.of(
          fail(
              subject,
              "status",
              "the status script reported nothing (exit "
                  + result.exitCode()
                  + "): "
                  + result.stderrText().strip()));
    }
    return checks;
  }

  private static Check fail(Subject subject, String check, String message) {
    return new Check(subject, check, Status.FAIL, null, null, null, message);
  }
}
