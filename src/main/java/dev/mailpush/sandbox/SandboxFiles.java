package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sandbox's files on the admin machine, in its directory: its key, and the known_hosts and
 * inventory that point at its current ports. The directory may be the user's own, so only these
 * files are ever removed.
 */
final class SandboxFiles {
  /**
   * Files {@code up} writes; {@code down} removes exactly these, never a directory's other
   * contents.
   */
  private static final List<String> FILES =
      List.of("inventory.toml", "known_hosts", "id_ed25519", "id_ed25519.pub");

  private SandboxFiles() {}

  /** The known_hosts and inventory for sshd on {@code sshPort} with {@code hostKey}. */
  static void writeAccess(Sandbox s, int sshPort, String hostKey) {
    write(s.knownHosts(), "[127.0.0.1]:" + sshPort + " " + hostKey + "\n");
    write(s.inventory(), SandboxInventory.render(s, sshPort));
  }

  /**
   * Removes the files {@code up} wrote and then {@code dir} if that left it empty; an empty path
   * (an old bin/sandbox recorded none) removes nothing.
   */
  static void delete(Path dir) {
    if (dir.toString().isEmpty()) {
      return;
    }
    try {
      for (String f : FILES) {
        Files.deleteIfExists(dir.resolve(f));
      }
      try (var left = Files.list(dir)) {
        if (left.findAny().isEmpty()) {
          Files.delete(dir);
        }
      }
    } catch (IOException e) {
      // The container is gone, which is what matters; stray files in the directory are harmless.
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
