package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.UsageException;
import dev.mailpush.api.VerifySettings;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.report.Check;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush upgrade INVENTORY --limit HOST}: a host to the next Debian release, safely. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = {
      "Upgrade each selected host to the next Debian release (11 to 12, 12 to 13), one at a time.",
      "With [backup], a backup first (when it fails, nothing is changed). Port 25 answers 450",
      "meanwhile (senders retry, nothing is lost), apt full-upgrade keeps mailpush's files, then a",
      "deploy writes the new release's configuration and lets mail in again, and verify checks the",
      "result (its options below). A host on Debian 13 is left alone. Run it again after an",
      "interruption: it goes on from where the host is.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush upgrade inventory.toml --limit mx1"})
final class UpgradeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Mixin HostSelection hosts;
  @Mixin VerifyOptions verify;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    List<HostConfig> selected = hosts.of(inv);
    if (hosts.limit.isEmpty()) {
      throw new UsageException(
          "upgrade changes a host's Debian release: name the hosts",
          "use --limit, e.g. --limit " + selected.get(0).name() + " (a canary first)");
    }
    VerifySettings settings = verify.settings(inv);
    PrintWriter out = spec.commandLine().getOut();
    List<Check> checks = new ArrayList<>();
    for (HostConfig host : selected) {
      checks.addAll(mailpush.upgrade(host, settings, c -> CheckReport.line(out, c, output.json)));
    }
    CheckReport.summary(out, checks, output.json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
