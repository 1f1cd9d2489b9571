package dev.mailpush.cli;

import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookLoader;
import dev.mailpush.playbook.PlaybookSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush run INVENTORY PLAYBOOK}: any playbook, from a file or built in. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a playbook (a TOML file, or a built-in name such as mailserver) on the inventory's hosts.",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush run inventory.toml playbooks/example.toml",
        "  mailpush run inventory.toml site.toml --check --diff"})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Parameters(index = "1", paramLabel = "PLAYBOOK", description = "Playbook file, or a built-in playbook's name.")
  String playbook;

  @Mixin PlayOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return PlayCommandSupport.run(inventory, load(playbook), options, out, err);
  }

  static Playbook load(String name) {
    Path file = Path.of(name);
    if (Files.isRegularFile(file)) {
      Path dir = file.toAbsolutePath().getParent();
      return PlaybookLoader.load(new PlaybookSource.Directory(dir), file.getFileName().toString());
    }
    return PlaybookLoader.load(new PlaybookSource.Bundled(), name.endsWith(".toml") ? name : name + ".toml");
  }
}
