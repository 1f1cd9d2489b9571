package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
          "ssh_key_file",
          "ssh_known_hosts_file",
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
    s.put("ssh_key_file", t.string("ssh_key_file", Syntax::localPath));
    s.put("ssh_known_hosts_file", t.string("ssh_known_hosts_file", Syntax::localPath));
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
        SecretFile.password(passwordFile.get(), paths, scope, "the repository's");
    Optional<String> environment =
        s.get("environment_file", String.class)
            .map(
                e ->
                    SecretFile.read(e, paths, scope)
                        .flatMap(text -> environment(text, e, paths, scope)))
            .orElse(Optional.of(""));
    Optional<Optional<SftpLogin>> sftp = sftp(s, repository.get().value(), paths, scope);
    if (password.isEmpty() || environment.isEmpty() || sftp.isEmpty()) {
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
            s.value("keep_monthly", Long.class, 6L).intValue(),
            sftp.get()));
  }

  /**
   * The host's own SSH key for an {@code sftp:} repository: no key means root's own SSH settings; a
   * key needs the server's host keys too (never trust on first use). Empty after an error.
   */
  private static Optional<Optional<SftpLogin>> sftp(
      Settings s, String repository, PathResolver paths, HostScope scope) {
    Optional<Located<String>> keyFile = s.get("ssh_key_file", String.class);
    Optional<Located<String>> hostsFile = s.get("ssh_known_hosts_file", String.class);
    if (keyFile.isEmpty()) {
      hostsFile.ifPresent(
          h ->
              scope.add(
                  h.position(),
                  "ssh_known_hosts_file without ssh_key_file",
                  "add ssh_key_file = \"backup-key\" (the private key the host logs in with), or"
                      + " remove ssh_known_hosts_file"));
      return hostsFile.isPresent() ? Optional.empty() : Optional.of(Optional.empty());
    }
    Optional<SftpLogin> target = SftpLogin.target(repository);
    if (target.isEmpty()) {
      scope.add(
          keyFile.get().position(),
          "ssh_key_file is for an sftp: repository, and the repository is not one mailpush can"
              + " log in to",
          "write repository = \"sftp:user@backup.example.org:/srv/restic/mail\" (or"
              + " sftp://user@host:2222//path), or remove ssh_key_file");
      return Optional.empty();
    }
    if (hostsFile.isEmpty()) {
      scope.add(
          keyFile.get().position(),
          "ssh_key_file needs ssh_known_hosts_file",
          "add ssh_known_hosts_file = \"backup-known-hosts\": the backup server's host keys, as"
              + " ssh-keyscan "
              + target.get().host()
              + " prints them (check them against the server before you trust them)");
      return Optional.empty();
    }
    Optional<String> key = SecretFile.read(keyFile.get(), paths, scope);
    if (key.isPresent() && !key.get().contains("PRIVATE KEY-----")) {
      scope.add(
          keyFile.get().position(),
          paths.resolve(keyFile.get().value()) + " is not a private key",
          "name the private key file (ssh-keygen -t ed25519 -N '' -f backup-key makes one; its"
              + " .pub goes into the backup server's authorized_keys)");
      key = Optional.empty();
    }
    Optional<String> hosts = knownHosts(hostsFile.get(), target.get(), paths, scope);
    if (key.isEmpty() || hosts.isEmpty()) {
      return Optional.empty();
    }
    String text = key.get().endsWith("\n") ? key.get() : key.get() + "\n";
    return Optional.of(Optional.of(target.get().withKeys(text, hosts.get())));
  }

  /** The backup server's host key lines; one must name the server of the repository. */
  private static Optional<String> knownHosts(
      Located<String> setting, SftpLogin target, PathResolver paths, HostScope scope) {
    Path file = paths.resolve(setting.value());
    String host = target.host();
    // ssh writes a server on another port than 22 as [host]:port.
    String name =
        target.port().stream().mapToObj(p -> "[" + host + "]:" + p).findFirst().orElse(host);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      scope.add(
          setting.position(),
          "cannot read " + file + ": no such file or not readable",
          "write the backup server's host keys into it: ssh-keyscan " + host + " > " + file);
      return Optional.empty();
    }
    boolean names =
        text.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> l.split("\\s+"))
            .anyMatch(f -> f.length >= 3 && List.of(f[0].split(",")).contains(name));
    if (!names) {
      String port = target.port().stream().mapToObj(p -> "-p " + p + " ").findFirst().orElse("");
      scope.add(
          setting.position(),
          file + " has no host key line for " + name,
          "add the server's keys: ssh-keyscan " + port + host + " >> " + file);
      return Optional.empty();
    }
    return Optional.of(text.endsWith("\n") ? text : text + "\n");
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
