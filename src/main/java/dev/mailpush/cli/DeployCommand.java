package dev.mailpush.cli;

import dev.mailpush.playbook.PlaybookLoader;
import dev.mailpush.playbook.PlaybookSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailpush deploy INVENTORY}: the built-in mail server playbook on every host. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Make every host of the inventory a complete mail server (runs the built-in mailserver playbook).",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush deploy inventory.toml", "  mailpush deploy inventory.toml --check --diff --limit mx1",
        "  mailpush deploy inventory.toml --serial 1 --max-fail-percent 0 --json"})
final class DeployCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML), see inventory.example.toml.")
  Path inventory;

  @Mixin PlayOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return PlayCommandSupport.run(inventory,
        PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml"), options, out, err);
  }
}
