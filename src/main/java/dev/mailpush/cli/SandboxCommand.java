package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import dev.mailpush.sandbox.Sandbox;
import dev.mailpush.sandbox.SandboxException;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** {@code mailpush sandbox}: the group of up, down and status. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Start, list and remove throwaway local Debian targets in Docker, to try mailpush safely.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush sandbox up   # then: mailpush deploy .sandbox/sandbox/inventory.toml",
      "  mailpush sandbox status",
      "  mailpush sandbox down"
    },
    subcommands = {SandboxUpCommand.class, SandboxStatusCommand.class, SandboxDownCommand.class})
final class SandboxCommand {
  /** A bad name or suite is a bad invocation (exit 2), like any other bad argument. */
  static Sandbox sandbox(Supplier<Sandbox> make) {
    try {
      return make.get();
    } catch (SandboxException e) {
      throw new UsageException(e.getMessage(), e.hint());
    }
  }
}
