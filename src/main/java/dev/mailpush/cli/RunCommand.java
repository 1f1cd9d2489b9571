package dev.mailpush.cli;

import dev.mailpush.api.Playbooks;
import dev.mailpush.playbook.Playbook;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush run INVENTORY PLAYBOOK}: any playbook, from a file or built in. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run a playbook (a TOML file, or a built-in name such as mailserver) on the inventory's hosts.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush run inventory.toml playbooks/example.toml",
      "  mailpush run inventory.toml site.toml --check --diff"
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Parameters(
      index = "1",
      paramLabel = "PLAYBOOK",
      description = "Playbook file, or a built-in playbook's name.")
  String playbook;

  @Mixin RunFlags run;
  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Playbook book = Playbooks.load(playbook);
    return Commands.converge(
        spec,
        inventory,
        hosts,
        book.name(),
        n -> run.options(forks.forHosts(n)),
        output,
        (mailpush, loaded, chosen, options, listener) ->
            mailpush.run(loaded, chosen, book, options, listener));
  }
}
