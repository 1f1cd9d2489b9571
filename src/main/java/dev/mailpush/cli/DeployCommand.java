package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush deploy INVENTORY}: the built-in mail server playbook on every host. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Make every host of the inventory a complete mail server (runs the built-in mailserver playbook).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush deploy inventory.toml",
      "  mailpush deploy inventory.toml --check --diff --limit mx1",
      "  mailpush deploy inventory.toml --serial 1 --max-fail-percent 0 --json"
    })
final class DeployCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "INVENTORY",
      description = "Inventory file (TOML), see inventory.example.toml.")
  Path inventory;

  @Mixin RunFlags run;
  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Commands.converge(
        spec,
        inventory,
        hosts,
        "mailserver",
        n -> run.options(forks.forHosts(n)),
        output,
        Mailpush::deploy);
  }
}
