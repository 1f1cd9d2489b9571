package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.UsageException;
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

/** {@code mailpush restore INVENTORY --limit HOST}: a backup back onto one deployed host. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore one host from its [backup] repository.",
      "Deploy it first (a new server keeps the inventory host name), then restore. Mail is merged with Dovecot's dsync, keeping folders, flags and",
      "UIDs: mail that arrived on the host meanwhile stays, and restoring twice adds nothing. Sieve",
      "scripts come back where the host has none or older ones; the DKIM keys come back (so the",
      "published DNS records stay valid), and the certificate when it is still valid.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush deploy inventory.toml --limit mx1",
      "  mailpush restore inventory.toml --limit mx1",
      "  mailpush restore inventory.toml --limit mx1 --snapshot 4f2a9c1e"
    })
final class RestoreCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(
      names = "--snapshot",
      paramLabel = "ID",
      description = "The snapshot to restore (from backup --status); default: the host's latest.")
  String snapshot = "";

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostConfig> chosen = hosts.of(mailpush.load(inventory));
    if (hosts.limit.size() != 1) {
      throw new UsageException(
          "restore works on one host at a time",
          "name it with --limit, e.g. --limit " + chosen.get(0).name());
    }
    List<Check> checks = mailpush.restore(chosen.get(0), snapshot);
    return CheckViews.hosts(spec.commandLine().getOut(), checks, chosen, output.json);
  }
}
