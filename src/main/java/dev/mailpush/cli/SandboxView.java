package dev.mailpush.cli;

import dev.mailpush.sandbox.Sandbox;
import dev.mailpush.sandbox.SandboxInventory;
import dev.mailpush.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code sandbox up} tells: where the sandbox is, and the commands to use it, ready to paste.
 */
final class SandboxView {
  private SandboxView() {}

  static void up(PrintWriter out, Sandbox s, Sandboxes.Started started) {
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
  }

  /** Shorter to read and to paste when the files are under the working directory. */
  private static Path relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p) : p;
  }
}
