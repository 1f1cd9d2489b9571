package dev.mailpush.cli;

import dev.mailpush.api.HostFactsResult;
import dev.mailpush.api.Mailpush;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush facts INVENTORY}: what each host is, in one probe per host. */
@Command(
    name = "facts",
    mixinStandardHelpOptions = true,
    description =
        "Show what each host is: distribution and the mail stack's packages and services.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush facts inventory.toml",
      "  mailpush facts inventory.toml --json --limit mx1"
    })
final class FactsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostFactsResult> results = mailpush.facts(hosts.of(mailpush.load(inventory)));
    PrintWriter out = spec.commandLine().getOut();
    for (HostFactsResult r : results) {
      if (output.json) {
        out.println(FactsView.json(r));
      } else {
        FactsView.human(out, r);
      }
    }
    if (output.json) {
      out.println(FactsView.recap(results));
    }
    return results.stream().allMatch(HostFactsResult::reached)
        ? ExitCode.OK
        : ExitCode.HOSTS_FAILED;
  }
}
