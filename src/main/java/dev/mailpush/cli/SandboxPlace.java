package dev.mailpush.cli;

import dev.mailpush.sandbox.Sandbox;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Debian release a sandbox runs and where its key, known_hosts and inventory go. */
final class SandboxPlace {
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

  Path dir(String name) {
    return dir != null ? dir : Sandbox.defaultDir(name);
  }
}
