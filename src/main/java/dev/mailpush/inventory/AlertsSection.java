package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.TomlPosition;

/**
 * {@code [alerts]} and {@code [hosts.X.alerts]}: the host's own timer that mails the postmaster
 * when something is wrong. The table turns alerts on (like {@code [backup]}): a deploy never starts
 * mailing or querying a third party's blocklist unasked.
 */
final class AlertsSection {
  static final List<String> KEYS =
      List.of(
          "enabled",
          "certificate_days",
          "disk_percent",
          "queue_minutes",
          "blocklists",
          "interval",
          "weekly_report");

  private static final Pattern CALENDAR = Pattern.compile("[A-Za-z0-9*:,./~ -]{1,80}");

  private AlertsSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("written", Optional.of(new Located<>(true, t.position())));
    s.put("enabled", t.bool("enabled"));
    s.put("certificate_days", t.integer("certificate_days", 1, 3650));
    s.put("disk_percent", t.integer("disk_percent", 1, 100));
    s.put("queue_minutes", t.integer("queue_minutes", 1, 10080));
    t.strings("blocklists", AlertsSection::blocklist)
        .ifPresent(
            l ->
                s.put(
                    "blocklists",
                    Optional.of(new Located<>(new Settings.Items(l), t.positionOf("blocklists")))));
    s.put("interval", t.string("interval", AlertsSection::interval));
    s.put("weekly_report", t.bool("weekly_report"));
    return s;
  }

  /** {@link AlertsConfig#OFF} without an {@code [alerts]} table (here or in the host's). */
  static AlertsConfig resolve(Settings s, MailConfig mail, HostScope scope) {
    Optional<Located<Boolean>> written = s.get("written", Boolean.class);
    if (written.isEmpty()) {
      return AlertsConfig.OFF;
    }
    boolean enabled = s.value("enabled", Boolean.class, true);
    if (enabled && mail.postmaster().isEmpty()) {
      TomlPosition at = s.get("enabled", Boolean.class).orElse(written.get()).position();
      scope.add(
          at,
          "alerts need a postmaster to mail",
          "add a mail user ([mail.users.NAME] or a [mail.virtual_addresses] target), or set"
              + " postmaster = \"NAME\" in [mail]; or enabled = false in [alerts]");
    }
    AlertsConfig off = AlertsConfig.OFF;
    return new AlertsConfig(
        enabled,
        s.value("certificate_days", Long.class, (long) off.certificateDays()).intValue(),
        s.value("disk_percent", Long.class, (long) off.diskPercent()).intValue(),
        s.value("queue_minutes", Long.class, (long) off.queueMinutes()).intValue(),
        s.get("blocklists", Settings.Items.class)
            .map(l -> l.value().values())
            .orElse(AlertsConfig.DEFAULT_BLOCKLISTS),
        s.value("interval", String.class, off.interval()),
        s.value("weekly_report", Boolean.class, off.weeklyReport()));
  }

  private static Checked blocklist(String v) {
    Checked name = Names.domain(v, true);
    return name.isOk()
        ? name
        : bad(
            "\"" + v + "\" is not a blocklist zone: " + name.problem(),
            "write the DNSBL's zone, e.g. \"zen.spamhaus.org\" or \"bl.spamcop.net\"");
  }

  private static Checked interval(String v) {
    if (!CALENDAR.matcher(v).matches()) {
      return bad(
          "\"" + v + "\" is not a systemd calendar expression",
          "use hourly, \"*:0/30\" (every 30 minutes) or another systemd OnCalendar value");
    }
    return ok(v);
  }
}
