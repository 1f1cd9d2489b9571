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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush status INVENTORY}: how each deployed host is, without logging in to it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show how each deployed host is now, read-only, in one SSH command per host.",
      "Services, listening mail ports, the mail queue (size, oldest message, most frequent delay",
      "reason), disk and inodes where mail lives, days left on the certificate, DKIM keys, current",
      "fail2ban bans, the last backup, pending (security) updates and the Debian release's support.",
      "Each problem comes with its fix.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush status inventory.toml",
      "  mailpush status inventory.toml --json --limit mx1"
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostConfig> chosen = hosts.of(mailpush.load(inventory));
    List<Check> checks = mailpush.status(chosen, forks.forHosts(chosen.size()));
    return CheckViews.hosts(spec.commandLine().getOut(), checks, chosen, output.json);
  }
}
