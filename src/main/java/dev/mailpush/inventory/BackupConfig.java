package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [backup]} settings of one host: where restic keeps its backups and how long.
 *
 * @param repository a restic repository: an absolute path on the host, or {@code sftp:}, {@code
 *     rest:}, {@code s3:}... (may hold credentials, so it is treated as a secret)
 * @param password the repository's password, read from the admin's {@code password_file}
 * @param environment {@code NAME=value} lines for the backend (S3 keys...), from {@code
 *     environment_file}; empty when none
 * @param schedule systemd {@code OnCalendar} of the daily backup timer, or {@code off}
 * @param sftp the host's own key and the server's host keys for an {@code sftp:} repository, when
 *     the inventory gives them (otherwise restic's ssh uses root's SSH settings)
 */
public record BackupConfig(
    String repository,
    String password,
    String environment,
    String schedule,
    int keepDaily,
    int keepWeekly,
    int keepMonthly,
    Optional<SftpLogin> sftp) {

  public BackupConfig {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(sftp, "sftp");
  }

  public boolean timer() {
    return !schedule.equals("off");
  }

  /** Template view: the secrets are absent on purpose (they go to 0600 files, never a template). */
  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("timer", timer());
    m.put("schedule", schedule);
    m.put("keep_daily", keepDaily);
    m.put("keep_weekly", keepWeekly);
    m.put("keep_monthly", keepMonthly);
    return m;
  }

  static Map<String, Object> disabledModel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", false);
    m.put("timer", false);
    return m;
  }

  @Override
  public String toString() {
    return "BackupConfig[repository=(secret), password=(secret), environment=(secret), schedule="
        + schedule
        + ", keep "
        + keepDaily
        + "/"
        + keepWeekly
        + "/"
        + keepMonthly
        + sftp.map(l -> ", sftp key for " + l.host()).orElse("")
        + "]";
  }
}
