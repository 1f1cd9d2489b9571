package dev.mailpush.playbook;

import dev.mailpush.dkim.DkimTablesTask;
import dev.mailpush.engine.Task;
import dev.mailpush.inventory.BackupConfig;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.RelayConfig;
import dev.mailpush.inventory.SftpLogin;
import dev.mailpush.ssh.Secret;
import dev.mailpush.tasks.CommandTask;
import dev.mailpush.tasks.ConfigTask;
import dev.mailpush.tasks.DirectoryTask;
import dev.mailpush.tasks.FileSpec;
import dev.mailpush.tasks.FileTask;
import dev.mailpush.tasks.PackagesTask;
import dev.mailpush.tasks.ReportTask;
import dev.mailpush.tasks.ServiceTask;
import dev.mailpush.tasks.UserTask;
import dev.mailpush.tls.AcmeCertificateTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlTable;

/**
 * The engine task(s) a spec's action stands for, built from its parameters as {@link ScopeRenderer}
 * renders them in one scope. The defaults of a directory's mode, a user's shell and a service's
 * state live here.
 */
final class ActionTasks {
  /** Where backup_secrets writes; the on-host backup script reads them from there. */
  static final String BACKUP_DIR = "/etc/mailpush/backup";

  private ActionTasks() {}

  /** Usually one task; {@code mail_users} makes one per inventory user. */
  static List<Task> of(TaskSpec spec, ScopeRenderer render, HostConfig host) {
    if (spec.action().equals("mail_users")) {
      // Hashes are kept out of the template model on purpose: they come straight from the
      // inventory.
      return host.mail().users().values().stream()
          .<Task>map(
              u ->
                  new UserTask(
                      "mail user " + u.name(),
                      u.name(),
                      "/usr/sbin/nologin",
                      true,
                      Optional.of(new Secret(u.passwordHash())),
                      true))
          .toList();
    }
    if (spec.action().equals("backup_secrets")) {
      return host.backup().stream()
          .<Task>map(b -> backupSecrets(render.str(spec.name()), b))
          .toList();
    }
    if (spec.action().equals("relay_secrets")) {
      return List.of(relaySecrets(render.str(spec.name()), host.mail().relay()));
    }
    if (spec.action().equals("dkim_tables")) {
      return List.of(dkimTables(render.str(spec.name()), render, host));
    }
    if (spec.action().equals("acme_certificate")) {
      return List.of(AcmeCertificateTask.forHost(render.str(spec.name()), host));
    }
    return List.of(task(spec, render));
  }

  /**
   * The repository, its password, the backend's variables and an sftp login as root-only files:
   * like the password hashes they come straight from the inventory, never through a template, a
   * diff or a log.
   */
  private static Task backupSecrets(String name, BackupConfig backup) {
    return new ConfigTask(
        name,
        List.of(
            secret(BACKUP_DIR + "/repository", backup.repository() + "\n"),
            secret(BACKUP_DIR + "/password", backup.password() + "\n"),
            secret(BACKUP_DIR + "/environment", backup.environment()),
            // Written empty without an sftp key, so a key removed from the inventory goes too.
            secret(SftpLogin.KEY_PATH, backup.sftp().map(SftpLogin::privateKey).orElse("")),
            secret(SftpLogin.KNOWN_HOSTS_PATH, backup.sftp().map(SftpLogin::knownHosts).orElse("")),
            secret(
                BACKUP_DIR + "/sftp-command",
                backup.sftp().map(l -> l.command() + "\n").orElse(""))),
        List.of());
  }

  /**
   * Postfix's SASL client map with the relay's login (root only, never in a diff), written empty
   * without a relay so that a password removed from the inventory leaves the host too; and the
   * relay's private CA when it has one.
   */
  private static Task relaySecrets(String name, Optional<RelayConfig> relay) {
    List<FileSpec> files = new ArrayList<>();
    files.add(secret(RelayConfig.PASSWORD_MAP, relay.map(RelayConfig::passwordMapLine).orElse("")));
    relay
        .flatMap(RelayConfig::caPem)
        .ifPresent(
            ca ->
                files.add(
                    new FileSpec(
                        RelayConfig.CA_PATH,
                        ca.getBytes(StandardCharsets.UTF_8),
                        "0644",
                        "root",
                        "root",
                        false)));
    return new ConfigTask(name, files, List.of());
  }

  /**
   * OpenDKIM's KeyTable and SigningTable from their templates, with {@code dkim.keys} ({@code
   * domain}, {@code selector}: the selector each domain signs with on the host) and {@code
   * dkim.host_key} (the same for the domain of the host's own name, zero or one). Rendered once
   * here with the inventory's selector, so a broken template fails before any host is contacted.
   */
  private static Task dkimTables(String name, ScopeRenderer render, HostConfig host) {
    DkimTablesTask.Tables tables =
        selectors -> {
          List<Map<String, Object>> keys = new ArrayList<>();
          selectors.forEach((d, s) -> keys.add(Map.of("domain", d, "selector", s)));
          List<Map<String, Object>> own =
              host.signingDomain().stream()
                  .<Map<String, Object>>map(d -> Map.of("domain", d, "selector", selectors.get(d)))
                  .toList();
          ScopeRenderer r = render.with("dkim", Map.of("keys", keys, "host_key", own));
          return List.of(
              r.file(table("/etc/opendkim/KeyTable", "templates/opendkim/KeyTable.mustache")),
              r.file(
                  table("/etc/opendkim/SigningTable", "templates/opendkim/SigningTable.mustache")));
        };
    DkimTablesTask task =
        new DkimTablesTask(
            name,
            host.mail().virtualDomains(),
            host.mail().dkimSelector(),
            tables,
            List.of("opendkim", "-n", "-x", "/etc/opendkim.conf"));
    tables.render(task.inventorySelectors());
    return task;
  }

  private static FileEntry table(String path, String template) {
    return new FileEntry(path, template, null, "0644", null, null, false);
  }

  private static FileSpec secret(String path, String content) {
    return new FileSpec(
        path, content.getBytes(StandardCharsets.UTF_8), "0600", "root", "root", true);
  }

  /** The task of an action with one task; a parameter a task refuses is an error at the spec. */
  private static Task task(TaskSpec spec, ScopeRenderer render) {
    TomlTable t = spec.table();
    String name = render.str(spec.name());
    try {
      return switch (spec.action()) {
        // A package rendered to "" (an optional part switched off) is dropped.
        case "packages" ->
            new PackagesTask(
                name, render.strings(t, "packages").stream().filter(n -> !n.isBlank()).toList());
        case "file" -> new FileTask(name, render.file(spec.files().get(0)));
        case "files" ->
            new ConfigTask(
                name,
                spec.files().stream().map(render::file).toList(),
                render.strings(t, "validate"));
        case "directory" ->
            new DirectoryTask(
                name,
                render.str(t.getString("directory")),
                t.getString("mode", () -> "0755"),
                render.opt(t, "owner"),
                render.opt(t, "group"));
        case "service" ->
            new ServiceTask(
                name,
                render.str(t.getString("service")),
                !"stopped".equals(t.getString("state", () -> "running")),
                !Boolean.FALSE.equals(t.getBoolean("enabled")));
        case "report" -> new ReportTask(name, render.str(t.getString("report")));
        case "user" ->
            new UserTask(
                name,
                render.str(t.getString("user")),
                t.getString("shell", () -> "/bin/bash"),
                false,
                Optional.ofNullable(render.opt(t, "password_hash")).map(Secret::new));
        case "command" ->
            new CommandTask(
                name,
                render.command(t),
                Optional.ofNullable(render.opt(t, "creates")),
                Optional.ofNullable(t.getString("unless")).map(u -> render.shell(u, "unless")));
        default -> throw new IllegalStateException("unknown action " + spec.action());
      };
    } catch (IllegalArgumentException e) {
      throw new PlaybookException(spec.where(), "task \"" + name + "\": " + e.getMessage(), "");
    }
  }
}
