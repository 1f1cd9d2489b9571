package dev.mailpush.cli;

import dev.mailpush.sandbox.Docker;
import dev.mailpush.sandbox.RunningSandbox;
import dev.mailpush.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailpush sandbox status}: every sandbox with its state and ports. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "List the sandboxes on this machine with their state and ports.",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush sandbox status"})
final class SandboxStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<RunningSandbox> all =
        new Sandboxes(new Docker(), line -> spec.commandLine().getErr().println(line)).status();
    if (all.isEmpty()) {
      out.println("no sandbox (start one with: mailpush sandbox up)");
      return ExitCode.OK;
    }
    int width = Math.max(4, all.stream().mapToInt(s -> s.name().length()).max().orElse(4));
    out.printf("%-" + width + "s  %-8s  %-22s  %s%n", "NAME", "SUITE", "STATE", "PORTS");
    for (RunningSandbox s : all) {
      out.printf(
          "%-" + width + "s  %-8s  %-22s  %s%n",
          s.name(),
          s.suite(),
          s.status(),
          s.ports().compact());
    }
    return ExitCode.OK;
  }
}
