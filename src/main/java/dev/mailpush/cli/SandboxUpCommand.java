package dev.mailpush.cli;

import dev.mailpush.sandbox.Docker;
import dev.mailpush.sandbox.Sandbox;
import dev.mailpush.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush sandbox up [NAME]}: a running target, its key and an inventory to use it. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start a throwaway Debian target in Docker and write a key and an inventory for it.",
      "The target runs systemd like a real server; SSH and the mail ports are published on 127.0.0.1 only.",
      "Needs a running Docker engine and the mailpush-target:SUITE image (build it as root from a mailpush"
          + " checkout: test-images/build.sh SUITE). Running up again reuses the sandbox and rewrites its"
          + " inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush sandbox up                      # .sandbox/sandbox/inventory.toml",
      "  mailpush sandbox up demo --suite trixie  # a Debian 13 target named demo"
    })
final class SandboxUpCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      defaultValue = Sandbox.DEFAULT_NAME,
      description =
          "The sandbox's name, also its host name in the inventory (default: ${DEFAULT-VALUE}).")
  String name;

  @Mixin SandboxPlace place;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Sandbox s = SandboxCommand.sandbox(() -> new Sandbox(name, place.suite, place.dir(name)));
    Sandboxes.Started started =
        new Sandboxes(new Docker(), line -> err.println("sandbox: " + line)).up(s);
    SandboxView.up(spec.commandLine().getOut(), s, started);
    return ExitCode.OK;
  }
}
