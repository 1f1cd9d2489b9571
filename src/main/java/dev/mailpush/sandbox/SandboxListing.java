package dev.mailpush.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code docker ps} as a list of sandboxes: the arguments that ask for every sandbox container, one
 * tab-separated line each, and the pure parser of that answer.
 */
final class SandboxListing {
  private SandboxListing() {}

  /** Every container with the sandbox label, running or not: name, suite, status and ports. */
  static List<String> dockerPsArgs() {
    String format =
        "{{.Names}}\t{{.Label \"" + Sandbox.SUITE_LABEL + "\"}}\t{{.Status}}\t{{.Ports}}";
    return List.of("ps", "--all", "--filter", "label=" + Sandbox.LABEL + "=1", "--format", format);
  }

  /** The sandboxes in {@code dockerPs}, sorted by name; lines of another shape are skipped. */
  static List<RunningSandbox> parse(String dockerPs) {
    List<RunningSandbox> list = new ArrayList<>();
    for (String line : dockerPs.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length == 4) {
        String name =
            f[0].startsWith(Sandbox.CONTAINER_PREFIX)
                ? f[0].substring(Sandbox.CONTAINER_PREFIX.length())
                : f[0];
        // Sandboxes made by the old bin/sandbox carry no suite label.
        list.add(
            new RunningSandbox(
                name,
                f[1].isEmpty() || f[1].equals("<no value>") ? "?" : f[1],
                f[2],
                PortMap.fromDockerPs(f[3])));
      }
    }
    list.sort(Comparator.comparing(RunningSandbox::name));
    return list;
  }
}
