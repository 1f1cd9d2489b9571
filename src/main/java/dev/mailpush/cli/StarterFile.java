package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import dev.mailpush.inventory.InventoryException;
import dev.mailpush.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * Writes a starter inventory: checked by the real loader first, and never over an existing file.
 */
final class StarterFile {
  private StarterFile() {}

  static void write(Path file, String text) throws IOException {
    if (Files.exists(file)) {
      throw exists(file, "choose another name, or edit the existing inventory");
    }
    check(text);
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw exists(file, "choose another name");
    }
  }

  private static UsageException exists(Path file, String hint) {
    return new UsageException(
        file + " already exists; mailpush init never overwrites a file", hint);
  }

  /** The starter must load as it is: a bad flag is reported as the loader would report it. */
  private static void check(String text) throws IOException {
    Path probe = Files.createTempFile("mailpush-init", ".toml");
    try {
      String withHash =
          text.replace(
              "password_hash = \"$6$replace-me\"",
              "password_hash = \"" + Sha2Crypt.sha512Crypt(new byte[] {0}) + "\"");
      Files.writeString(probe, withHash, StandardCharsets.UTF_8);
      new InventoryLoader().load(probe);
    } catch (InventoryException e) {
      throw new UsageException(
          "these values do not make a valid inventory:\n"
              + e.getMessage().replace(probe.toString(), "(flags)"),
          "fix the flag the message names");
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
