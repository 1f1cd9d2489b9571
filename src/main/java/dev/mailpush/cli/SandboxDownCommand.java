package dev.mailpush.cli;

import dev.mailpush.sandbox.Docker;
import dev.mailpush.sandbox.Sandbox;
import dev.mailpush.sandbox.Sandboxes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush sandbox down [NAME]}: removes the container and the files up wrote. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Remove a sandbox: its container and the key, known_hosts and inventory written for it.",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush sandbox down", "  mailpush sandbox down demo"})
final class SandboxDownCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      defaultValue = Sandbox.DEFAULT_NAME,
      description = "The sandbox to remove (default: ${DEFAULT-VALUE}).")
  String name;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Validates the name the same way up does (the directory is not used).
    Sandbox s =
        SandboxCommand.sandbox(() -> new Sandbox(name, Sandbox.DEFAULT_SUITE, Path.of(".")));
    boolean removed =
        new Sandboxes(new Docker(), line -> spec.commandLine().getErr().println("sandbox: " + line))
            .down(s.name());
    spec.commandLine()
        .getOut()
        .println(removed ? "sandbox " + s.name() + " removed" : "no sandbox " + s.name());
    return ExitCode.OK;
  }
}
