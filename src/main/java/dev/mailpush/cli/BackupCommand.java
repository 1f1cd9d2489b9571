package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush backup INVENTORY}: a restic backup of each host now, or how the last went. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up each host now with restic, into the repository of its [backup].",
      "deploy installs the script and a daily timer. A backup holds every mail user's Maildir with",
      "folders and flags, the shared mailboxes, Sieve scripts, DKIM keys, the TLS key and certificate,",
      "and mailpush's state on the host. Encrypted with the password of password_file, deduplicated",
      "and incremental; old snapshots are pruned by keep_daily, keep_weekly and keep_monthly.",
      "--status shows the last backup (by the timer or by this command), the timer and the snapshots.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush backup inventory.toml",
      "  mailpush backup inventory.toml --status --json",
      "  mailpush restore inventory.toml --limit mx1"
    })
final class BackupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(
      names = "--status",
      description = "Show the last backup, the timer and the snapshots instead of backing up.")
  boolean status;

  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostConfig> chosen = hosts.of(mailpush.load(inventory));
    int n = forks.forHosts(chosen.size());
    List<Check> checks = status ? mailpush.backupStatus(chosen, n) : mailpush.backup(chosen, n);
    return CheckViews.hosts(spec.commandLine().getOut(), checks, chosen, output.json);
  }
}
