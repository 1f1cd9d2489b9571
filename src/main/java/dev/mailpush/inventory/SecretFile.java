package dev.mailpush.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * A file of secrets on the admin machine that the inventory names (a backup password, a TSIG key):
 * it must exist and be the admin's alone, as ssh demands of its keys.
 */
final class SecretFile {
  private SecretFile() {}

  /** The file's text, or empty after reporting why it cannot be used. */
  static Optional<String> read(Located<String> setting, PathResolver paths, ProblemSink problems) {
    Path file = paths.resolve(setting.value());
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          problems.add(
              setting.position(),
              file + " can be read by other users of this machine",
              "chmod 600 " + file);
          return Optional.empty();
        }
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      problems.add(
          setting.position(),
          "cannot read " + file + ": no such file or not readable",
          "create it (chmod 600), or correct the path (relative paths start at the inventory's directory)");
      return Optional.empty();
    }
  }

  /**
   * The password on the file's first line ({@code password_file}); an empty one is reported.
   *
   * @param whose the password's owner as the fix names it, e.g. "the repository's"
   */
  static Optional<String> password(
      Located<String> setting, PathResolver paths, ProblemSink problems, String whose) {
    Optional<String> line = read(setting, paths, problems).map(SecretFile::firstLine);
    if (line.isPresent() && line.get().isBlank()) {
      problems.add(
          setting.position(),
          "password_file " + paths.resolve(setting.value()) + " is empty",
          "write " + whose + " password on its first line");
      return Optional.empty();
    }
    return line;
  }

  /** The first line, without its line end. */
  static String firstLine(String text) {
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
