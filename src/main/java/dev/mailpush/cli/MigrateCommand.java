package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.report.Check;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush migrate INVENTORY --from OLD --to NEW}: move a live server, losing nothing. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Move a live mail server to a new one, both hosts of the inventory.",
      "Deploys NEW, moves the DKIM keys (the published records stay valid), copies every mailbox",
      "with Dovecot's dsync (folders, flags, UIDs) while OLD keeps receiving, relayed through this",
      "machine so the hosts need no access to each other. Then OLD answers 450 on port 25 (senders",
      "retry later), its queue is delivered, and a last sync takes what arrived meanwhile. Prints",
      "the DNS changes to make. Safe to run again after an interruption at any phase.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush migrate inventory.toml --from mx1 --to mx2"})
final class MigrateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "OLD",
      description = "The server that serves now.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NEW",
      description = "The server that takes over.")
  String to;

  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    HostConfig old = Mailpush.select(inv, List.of(from)).get(0);
    HostConfig fresh = Mailpush.select(inv, List.of(to)).get(0);
    PrintWriter out = spec.commandLine().getOut();
    List<Check> checks = mailpush.migrate(old, fresh, c -> CheckReport.line(out, c, output.json));
    CheckReport.summary(out, checks, output.json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
