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
import java.util.List;

/**
 * {@code verify}'s one check made from inside a host: the relay of {@code [mail.relay]} accepts the
 * host's login. Only the host can tell (a relay may accept logins from its customers' addresses
 * only), so its relay check script runs there over SSH; the password never leaves the host.
 */
final class RelayLogin {
  static final String SCRIPT = "/usr/local/sbin/mailpush-relay-check";

  private final SshConnector ssh;

  RelayLogin(SshConnector ssh) {
    this.ssh = ssh;
  }

  Check check(HostConfig host) {
    Subject subject = Subject.host(host.name());
    ExecResult result;
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      result = s.exec(ExecRequest.root(List.of(SCRIPT)));
    } catch (MailpushException e) {
      return fail(
          subject,
          "cannot check the relay login: " + e.getMessage(),
          e.hint().isEmpty() ? null : e.hint());
    }
    List<Check> checks = CheckLines.parse(subject, result.stdoutText());
    if (result.exitCode() == 127) {
      return fail(
          subject,
          "the relay check is not on the host yet",
          "mailpush deploy INVENTORY (with [mail.relay])");
    }
    if (checks.size() != 1) {
      return fail(
          subject,
          "the relay check failed (exit " + result.exitCode() + "): " + result.stderrText().strip(),
          "mailpush deploy INVENTORY, then verify again");
    }
    return checks.get(0);
  }

  private static Check fail(Subject subject, String message, String fix) {
    return new Check(subject, "relay", Status.FAIL, null, null, fix, message);
  }
}
