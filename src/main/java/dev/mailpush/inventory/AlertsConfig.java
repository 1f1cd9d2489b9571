package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code [alerts]} settings of one host: when the host's own timer mails the postmaster about a
 * problem (thresholds), which DNS blocklists it looks itself up on, and how often it runs.
 *
 * @param enabled whether deploy installs the alert timer
 * @param certificateDays a certificate that ends within this many days is a problem
 * @param diskPercent a mail disk (or its inodes) used this much or more is a problem
 * @param queueMinutes a message queued this long or longer is a problem
 * @param blocklists DNSBL zones to look the host's public IPv4 addresses up on; empty for none
 * @param interval systemd {@code OnCalendar} of the timer
 * @param weeklyReport whether a weekly "all is well" mail is sent
 */
public record AlertsConfig(
    boolean enabled,
    int certificateDays,
    int diskPercent,
    int queueMinutes,
    List<String> blocklists,
    String interval,
    boolean weeklyReport) {
  public static final List<String> DEFAULT_BLOCKLISTS = List.of("zen.spamhaus.org");

  /** A host without an {@code [alerts]} table. */
  public static final AlertsConfig OFF =
      new AlertsConfig(false, 14, 90, 60, DEFAULT_BLOCKLISTS, "hourly", true);

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public AlertsConfig {
    blocklists = List.copyOf(blocklists);
    Objects.requireNonNull(interval, "interval");
  }

  /**
   * Template view. {@code ipv4} are the addresses looked up on the blocklists: the host's published
   * IPv4 literals (empty when it is known by name only; the script then resolves its host name).
   */
  Map<String, Object> model(List<String> publishedAddresses) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("certificate_days", certificateDays);
    m.put("disk_percent", diskPercent);
    m.put("queue_minutes", queueMinutes);
    m.put("blocklists", String.join(" ", blocklists));
    m.put("interval", interval);
    m.put("weekly_report", weeklyReport ? "yes" : "no");
    m.put(
        "ipv4",
        String.join(
            " ", publishedAddresses.stream().filter(a -> IPV4.matcher(a).matches()).toList()));
    return m;
  }
}
