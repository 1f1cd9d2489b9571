package dev.mailpush.playbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The golden files' fixture inventories, ready to load from a fresh checkout. */
public final class GoldenFixtures {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  private GoldenFixtures() {}

  /**
   * The fixture's inventory.toml, its password files made 0600 first: mailpush refuses a password
   * file others can read, and git checks files out 0644.
   */
  public static Path inventory(String fixture) {
    for (String secret : List.of("backup-password", "relay-password")) {
      Path password = GOLDEN.resolve(fixture).resolve(secret);
      if (Files.exists(password)) {
        try {
          Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return GOLDEN.resolve(fixture).resolve("inventory.toml");
  }
}
