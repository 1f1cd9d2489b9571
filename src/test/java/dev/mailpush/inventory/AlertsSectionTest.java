package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [alerts]}: the host's own alert timer, on with the table, with checked thresholds. */
class AlertsSectionTest {
  private static final String MAIL =
      "[mail]\nvirtual_domains = [\"example.com\"]\n"
          + "[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n";
  private static final String HOSTS =
      """
      [hosts.mx1]
      address = "203.0.113.10"
      hostname = "mail.example.com"
      [hosts.mx2]
      address = "mx2.example.com"
      hostname = "mx2.example.com"
      [hosts.mx2.alerts]
      enabled = false
      """;

  @TempDir Path dir;

  @Test
  void theTableTurnsAlertsOnWithDefaultsAndAHostMayTurnThemOff() {
    List<HostConfig> hosts = Fixture.load(dir, MAIL + "[alerts]\n" + HOSTS).hosts();
    AlertsConfig mx1 = hosts.get(0).alerts();
    assertThat(mx1)
        .isEqualTo(new AlertsConfig(true, 14, 90, 60, List.of("zen.spamhaus.org"), "hourly", true));
    assertThat(hosts.get(1).alerts().enabled()).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) hosts.get(0).model().get("alerts");
    assertThat(model)
        .containsEntry("enabled", true)
        .containsEntry("blocklists", "zen.spamhaus.org")
        .containsEntry("ipv4", "203.0.113.10")
        .containsEntry("weekly_report", "yes");
    // Known by name only: the script resolves the host name itself.
    @SuppressWarnings("unchecked")
    Map<String, Object> byName = (Map<String, Object>) hosts.get(1).model().get("alerts");
    assertThat(byName).containsEntry("ipv4", "");
  }

  @Test
  void withoutTheTableThereAreNoAlerts() {
    assertThat(Fixture.load(dir, MAIL + HOSTS.replace("enabled = false", "")).hosts())
        .extracting(h -> h.alerts().enabled())
        .containsExactly(false, true);
    assertThat(Fixture.load(dir, MAIL + Fixture.HOST).hosts().get(0).alerts())
        .isEqualTo(AlertsConfig.OFF);
  }

  @Test
  void everyKeyIsRead() {
    AlertsConfig a =
        Fixture.load(
                dir,
                MAIL
                    + """
                    [alerts]
                    certificate_days = 30
                    disk_percent = 80
                    queue_minutes = 15
                    blocklists = []
                    interval = "*:0/15"
                    weekly_report = false
                    """
                    + Fixture.HOST)
            .hosts()
            .get(0)
            .alerts();
    assertThat(a).isEqualTo(new AlertsConfig(true, 30, 80, 15, List.of(), "*:0/15", false));
  }

  @Test
  void eachMistakeIsReportedAtItsLineWithAFix() {
    assertProblem("[alerts]\ndisk_percent = 0\n", 2, "disk_percent", "1");
    assertProblem("[alerts]\ncertificate_days = \"14\"\n", 2, "certificate_days", "");
    assertProblem(
        "[alerts]\nblocklists = [\"zen.spamhaus.org\", \"not a zone\"]\n",
        2,
        "is not a blocklist zone",
        "zen.spamhaus.org");
    assertProblem("[alerts]\ninterval = \"hourly!\"\n", 2, "systemd calendar", "OnCalendar");
    assertProblem("[alerts]\nweekly = true\n", 2, "weekly", "weekly_report");
    assertProblem("queue_minutes = 5\n", 1, "queue_minutes", "[alerts]");
    // No postmaster, no one to mail: at the table, or at enabled when it says so.
    List<Problem> none = Fixture.problems(dir, "[alerts]\nenabled = true\n" + Fixture.HOST);
    assertThat(none).hasSize(1);
    assertThat(none.get(0).line()).isEqualTo(2);
    assertThat(none.get(0).message()).contains("alerts need a postmaster");
    assertThat(none.get(0).hint()).contains("enabled = false");
    assertThat(Fixture.problems(dir, "[alerts]\nenabled = false\n" + Fixture.HOST)).isEmpty();
  }

  private void assertProblem(String toml, int line, String message, String hint) {
    List<Problem> problems = Fixture.problems(dir, toml + MAIL + Fixture.HOST);
    assertThat(problems).as(toml).hasSize(1);
    assertThat(problems.get(0).line()).as(problems.toString()).isEqualTo(line);
    assertThat(problems.get(0).message() + " " + problems.get(0).hint())
        .as(problems.toString())
        .contains(message);
    assertThat(problems.get(0).hint()).as(problems.toString()).contains(hint);
  }
}
