package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code upgrade}: one host to the next Debian release, the README's procedure made safe: a backup
 * first (with {@code [backup]}; a failed one stops here, nothing changed), port 25 answers 4xx so
 * no mail arrives while packages change (senders retry), apt to the next release keeping mailpush's
 * files, then a deploy (the new release's configuration; it also lifts the 4xx) and verify.
 */
final class ReleaseUpgrade {
  private static final HelperScript UPGRADE = HelperScript.upgrade();
  private static final HelperScript FREEZE = HelperScript.migrate();

  private final Mailpush mailpush;
  private final RunContext context;

  ReleaseUpgrade(Mailpush mailpush, RunContext context) {
    this.mailpush = mailpush;
    this.context = context;
  }

  List<Check> run(HostConfig host, VerifySettings verify, Consumer<Check> progress) {
    List<Check> checks = new ArrayList<>();
    Consumer<Check> report =
        c -> {
          checks.add(c);
          progress.accept(c);
        };
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home());
        HostSession session = ssh.open(host.name(), host.address(), host.ssh())) {
      UPGRADE.install(session);
      String[] release = UPGRADE.run(session, "next").stdoutText().strip().split(" ");
      if (release.length < 2) {
        report.accept(
            check(
                host,
                "release",
                Status.OK,
                "Debian " + release[0] + ": the newest release this mailpush knows",
                null));
        return checks;
      }
      report.accept(
          check(host, "release", Status.OK, "Debian " + release[0] + " -> " + release[1], null));
      if (host.backup().isEmpty()) {
        report.accept(
            check(
                host,
                "backup",
                Status.WARN,
                "no [backup] in the inventory: upgrading without a backup from before",
                "add [backup] (see inventory.example.toml) for a snapshot before each upgrade"));
      } else {
        List<Check> backup = mailpush.backup(List.of(host), 1);
        backup.forEach(report);
        if (backup.stream().anyMatch(c -> c.status() == Status.FAIL)) {
          report.accept(
              check(
                  host,
                  "upgrade",
                  Status.FAIL,
                  "not started: without a backup from before, nothing was changed",
                  "fix the backup (mailpush backup INVENTORY --status), then run upgrade again"));
          return checks;
        }
      }
      FREEZE.install(session);
      FREEZE.run(session, "freeze");
      report.accept(
          check(host, "freeze", Status.OK, "port 25 answers 450 meanwhile (senders retry)", null));
      String apt = UPGRADE.run(session, "upgrade").stdoutText().strip();
      report.accept(
          check(
              host,
              "apt",
              Status.OK,
              apt.equals("complete")
                  ? "apt full-upgrade to " + release[1] + " done"
                  : "apt full-upgrade to "
                      + release[1]
                      + " stopped at a package that needs the new configuration: deploy finishes it",
              null));
    } catch (MailpushException e) {
      report.accept(check(host, "upgrade", Status.FAIL, e.getMessage(), UPGRADE.retry()));
      // A deploy lifts the 4xx: the host serves on its old release, as before.
    }
    RunResult deployed = mailpush.deploy(List.of(host), RunOptions.defaults(), event -> {});
    report.accept(
        deployed.ok()
            ? check(
                host,
                "deploy",
                Status.OK,
                "deployed (" + deployed.changed() + " changed); port 25 accepts mail again",
                null)
            : check(
                host,
                "deploy",
                Status.FAIL,
                "deploy failed after the upgrade; port 25 still answers 450, no mail is lost",
                "mailpush deploy INVENTORY --limit " + host.name() + " shows why"));
    if (deployed.ok()) {
      VerifyResult verified = mailpush.verify(List.of(host), verify);
      long failed = verified.checks().stream().filter(c -> c.status() == Status.FAIL).count();
      report.accept(
          failed == 0
              ? check(host, "verify", Status.OK, "verify: every check passes", null)
              : check(
                  host,
                  "verify",
                  Status.FAIL,
                  "verify: " + failed + " checks fail",
                  "mailpush verify INVENTORY --limit " + host.name()));
    }
    return checks;
  }

  private static Check check(
      HostConfig host, String name, Status status, String message, String fix) {
    return new Check(Subject.host(host.name()), name, status, null, null, fix, message);
  }
}
