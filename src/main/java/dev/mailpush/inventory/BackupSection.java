package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code [backup]} and {@code [hosts.X.backup]}: the restic repository each host backs up to, its
 * password (a file on the admin machine, read here and never shown), and the daily timer's
 * retention.
 */
final class BackupSection {
  static final List<String> KEYS =
      List.of(
          "repository",
          "password_file",
          "environment_file",
          "schedule",
          "keep_daily",
          "keep_weekly",
          "keep_monthly");

  /** restic's backends (restic help): a repository is one of these, or an absolute path. */
  private static final List<String> BACKENDS =
      List.of("sftp", "rest", "s3", "b2", "azure", "gs", "swift", "rclone");

  private static final Pattern SCHEDULE = Pattern.compile("[A-Za-z0-9*:,./~ -]{1,80}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private BackupSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("repository", t.string("repository", BackupSection::repository));
    if (t.has("repository")) {
      // Even when its value was refused (reported already): the rest must not say it is missing.
      s.put("repository_written", Optional.of(new Located<>(true, t.positionOf("repository"))));
    }
    s.put("password_file", t.string("password_file", Syntax::localPath));
    s.put("environment_file", t.string("environment_file", Syntax::localPath));
    s.put("schedule", t.string("schedule", BackupSection::schedule));
    s.put("keep_daily", t.integer("keep_daily", 0, 3650));
    s.put("keep_weekly", t.integer("keep_weekly", 0, 520));
    s.put("keep_monthly", t.integer("keep_monthly", 0, 1200));
    return s;
  }

  /** Empty without a repository: backups are off for that host. */
  static Optional<BackupConfig> resolve(Settings s, PathResolver paths, HostScope scope) {
    Optional<Located<String>> repository = s.get("repository", String.class);
    Optional<Located<String>> passwordFile = s.get("password_file", String.class);
    if (repository.isEmpty()) {
      if (s.value("repository_written", Boolean.class, false)) {
        return Optional.empty();
      }
      passwordFile.ifPresent(
          p ->
              scope.add(
                  p.position(),
                  "password_file without repository",
                  "add repository = \"/srv/backup/mail\" (or sftp:user@host:/path, s3:...) to [backup]"));
      return Optional.empty();
    }
    if (passwordFile.isEmpty()) {
      scope.add(
          repository.get().position(),
          "repository needs password_file",
          "add password_file = \"~/.config/mailpush/backup-password\" to [backup]: a file of your own"
              + " (chmod 600) with the repository's password on its first line; keep a copy off the"
              + " server, without it the backups cannot be read");
      return Optional.empty();
    }
    Optional<String> password =
        secretFile(passwordFile.get(), paths, scope).map(BackupSection::firstLine);
    if (password.isPresent() && password.get().isBlank()) {
      scope.add(
          passwordFile.get().position(),
          "password_file " + paths.resolve(passwordFile.get().value()) + " is empty",
          "write the repository's password on its first line");
      password = Optional.empty();
    }
    Optional<String> environment =
        s.get("environment_file", String.class)
            .map(
                e ->
                    secretFile(e, paths, scope).flatMap(text -> environment(text, e, paths, scope)))
            .orElse(Optional.of(""));
    if (password.isEmpty() || environment.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new BackupConfig(
            repository.get().value(),
            password.get(),
            environment.get(),
            s.value("schedule", String.class, "daily"),
            s.value("keep_daily", Long.class, 7L).intValue(),
            s.value("keep_weekly", Long.class, 4L).intValue(),
            s.value("keep_monthly", Long.class, 6L).intValue()));
  }

  private static Checked repository(String v) {
    String hint =
        "use an absolute path on the host (/srv/backup/mail) or a restic backend: "
            + String.join(":, ", BACKENDS)
            + ": (see restic's documentation)";
    if (v.startsWith("/")) {
      return Syntax.remotePath(v);
    }
    int colon = v.indexOf(':');
    if (colon <= 0 || !BACKENDS.contains(v.substring(0, colon)) || v.length() == colon + 1) {
      return bad("\"" + v + "\" is not a restic repository", hint);
    }
    return ok(v);
  }

  private static Checked schedule(String v) {
    if (!SCHEDULE.matcher(v).matches()) {
      return bad(
          "\"" + v + "\" is not a systemd calendar expression",
          "use daily, weekly, a time such as \"*-*-* 03:15\", or \"off\" for no timer");
    }
    return ok(v);
  }

  /** A file of secrets: it must exist and be the admin's alone (as ssh demands of its keys). */
  private static Optional<String> secretFile(
      Located<String> setting, PathResolver paths, HostScope scope) {
    Path file = paths.resolve(setting.value());
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          scope.add(
              setting.position(),
              file + " can be read by other users of this machine",
              "chmod 600 " + file);
          return Optional.empty();
        }
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      scope.add(
          setting.position(),
          "cannot read " + file + ": no such file or not readable",
          "create it (chmod 600), or correct the path (relative paths start at the inventory's directory)");
      return Optional.empty();
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** NAME=value lines (blank lines and # comments allowed); values are never echoed. */
  private static Optional<String> environment(
      String text, Located<String> setting, PathResolver paths, HostScope scope) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    boolean ok = true;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq);
      String where = paths.resolve(setting.value()) + " line " + (i + 1);
      if (eq < 0 || !VARIABLE.matcher(name).matches()) {
        scope.add(
            setting.position(),
            where + " is not NAME=value",
            "write one variable per line, e.g. AWS_ACCESS_KEY_ID=...");
        ok = false;
      } else if (name.startsWith("RESTIC_PASSWORD") || name.startsWith("RESTIC_REPOSITORY")) {
        scope.add(
            setting.position(),
            where + " sets " + name + ", which mailpush sets itself",
            "remove the line: repository and password_file in [backup] say where and how");
        ok = false;
      } else {
        out.append(line).append('\n');
      }
    }
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }
}
