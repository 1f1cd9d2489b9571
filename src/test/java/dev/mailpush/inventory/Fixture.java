package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Writes an inventory snippet to a file and loads it with a fixed home directory. */
final class Fixture {
  static final Path HOME = Path.of("/home/tester");
  static final String HOST =
      """
      [hosts.mx1]
      address = "203.0.113.10"
      hostname = "mail.example.com"
      """;
  static final String HASH =
      "$6$Zq3x9Lk2Pq$X8u9auRcTvnIcM1/vhmOALU9/cylWQ06Rw.47NxlSB/NoBh1C/Yz0DMMmYwAG4UKtcfxzr34Ta.1e9MVn1tQt1";

  private Fixture() {}

  static Path write(Path dir, String toml) {
    try {
      return Files.writeString(dir.resolve("inventory.toml"), toml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of secrets as mailpush demands it: the admin's alone (0600). */
  static Path secret(Path dir, String name, String content) {
    try {
      Path f = Files.writeString(dir.resolve(name), content);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Inventory load(Path dir, String toml) {
    return new InventoryLoader(HOME).load(write(dir, toml));
  }

  static InventoryException failure(Path dir, String toml) {
    return catchThrowableOfType(InventoryException.class, () -> load(dir, toml));
  }

  static List<Problem> problems(Path dir, String toml) {
    InventoryException e = failure(dir, toml);
    return e == null ? List.of() : e.problems();
  }
}
