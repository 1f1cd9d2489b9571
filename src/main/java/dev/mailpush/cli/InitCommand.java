package dev.mailpush.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush init}: a commented starter inventory from a few flags. The result is checked with
 * the real inventory loader before it is written, and an existing file is never overwritten.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Write a commented starter inventory (never overwrites an existing file).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush init inventory.toml --hostname mail.example.com \\",
      "      --address 203.0.113.10 --domain example.com --domain example.org \\",
      "      --user alice",
      "  mailpush init site.toml --hostname mail.example.com \\",
      "      --address mx1.example.net --domain example.com --ssh-user admin"
    })
final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Inventory file to create.")
  Path file;

  @Mixin InitOptions values;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    StarterFile.write(file, values.render());
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + file);
    out.println("next: set password_hash (mailpush hash-password), check known_hosts, then:");
    out.println("  mailpush deploy " + file + " --check --diff");
    return ExitCode.OK;
  }
}
