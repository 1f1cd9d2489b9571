package dev.mailpush.cli;

import dev.mailpush.sandbox.Docker;
import dev.mailpush.sandbox.Sandbox;
import dev.mailpush.sandbox.SandboxInventory;
import dev.mailpush.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--suite",
      paramLabel = "SUITE",
      defaultValue = Sandbox.DEFAULT_SUITE,
      description =
          "Debian release: bullseye (11), bookworm (12) or trixie (13) (default: ${DEFAULT-VALUE}).")
  String suite;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to write the key, known_hosts and inventory (default: .sandbox/NAME).")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Sandbox s =
        SandboxCommand.sandbox(
            () -> new Sandbox(name, suite, dir != null ? dir : Sandbox.defaultDir(name)));
    Sandboxes.Started started =
        new Sandboxes(new Docker(), line -> err.println("sandbox: " + line)).up(s);
    Path inventory = relative(s.inventory());
    out.println(
        "sandbox " + s.name() + " is up: Debian " + s.suite() + " in container " + s.container());
    out.println("  ports on " + started.ports().compact());
    out.println(
        "  inventory: " + inventory + " (user admin with sudo; key and known_hosts beside it)");
    out.println();
    out.println("next:");
    out.println("  mailpush deploy " + inventory);
    // The mail ports are published on other port numbers, so verify must be told where to knock.
    out.println(
        "  mailpush verify " + inventory + " --port-map " + started.ports().verifyPortMap());
    out.println(
        "  ssh -i "
            + relative(s.identity())
            + " -o UserKnownHostsFile="
            + relative(s.knownHosts())
            + " -p "
            + started.sshPort()
            + " admin@127.0.0.1");
    out.println(
        "  mailpush sandbox down"
            + (s.name().equals(Sandbox.DEFAULT_NAME) ? "" : " " + s.name())
            + "   # when done");
    out.println();
    out.println("or try a change of your own inventory here first: add this host to it");
    out.print(SandboxInventory.snippet(s, started.sshPort()).replaceAll("(?m)^(?=.)", "  "));
    return ExitCode.OK;
  }

  /** Shorter to read and to paste when the files are under the working directory. */
  private static Path relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p) : p;
  }
}
