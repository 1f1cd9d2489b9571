package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.api.StatusHistory;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code status --html} renders, against a golden file (update with {@code
 * -Dgolden.update=true}); the page in a real browser is tested by MailHostE2ETest.
 */
class StatusPageTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/status-page/page.html");
  private static final Instant NOW = Instant.parse("2026-12-03T15:30:00Z");

  @TempDir Path dir;

  @Test
  void rendersACardPerHostWithItsFixesHistoryAndTheDnsRecords() throws IOException {
    List<HostConfig> hosts = hosts();
    List<Check> checks =
        List.of(
            check("mx1", "service-postfix", Status.OK, "postfix is running", null),
            check(
                "mx1",
                "service-opendkim",
                Status.FAIL,
                "opendkim is failed",
                "systemctl restart opendkim"),
            check("mx2", "queue", Status.WARN, "3 message(s) queued", "postqueue -p lists them"));
    Map<String, List<StatusHistory.Sample>> history =
        Map.of(
            "mx1",
            List.of(
                new StatusHistory.Sample(
                    NOW.minusSeconds(3600), OptionalInt.of(0), OptionalInt.of(40)),
                new StatusHistory.Sample(NOW, OptionalInt.of(2), OptionalInt.empty())));
    List<Check> dns =
        List.of(
            new Check(
                Subject.of("a.test", "mx1"),
                "spf",
                Status.FAIL,
                null,
                null,
                "a.test. IN TXT \"v=spf1 mx -all\"",
                "no SPF record"),
            new Check(Subject.of("a.test", "mx1"), "mx", Status.OK, null, null, null, "MX ok"));
    String page = StatusPage.render(hosts, checks, history, dns, NOW);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, page, StandardCharsets.UTF_8);
    }
    assertThat(page)
        .as("differs from " + GOLDEN + " (mvn -q test -Dtest=StatusPageTest -Dgolden.update=true)")
        .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void whatAHostSaysIsTextNeverMarkup() throws IOException {
    String hostile = "disk </td><script>alert(1)</script> \"x\" & y";
    String page =
        StatusPage.render(
            hosts(),
            List.of(check("mx1", "disk-/home", Status.FAIL, hostile, "rm <b>it</b>")),
            Map.of(),
            null,
            NOW);
    assertThat(page).doesNotContain("<script>alert").doesNotContain("<b>it");
    assertThat(page).contains("disk &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(page).contains("mailpush status --full --html FILE adds the DNS records");
  }

  @Test
  void aHostIsAsBadAsItsWorstCheck() {
    assertThat(StatusPage.worst(List.of(check("a", "x", Status.OK, "m", null))))
        .isEqualTo(Status.OK);
    assertThat(
            StatusPage.worst(
                List.of(
                    check("a", "x", Status.INFO, "m", null),
                    check("a", "y", Status.WARN, "m", null))))
        .isEqualTo(Status.WARN);
    assertThat(
            StatusPage.worst(
                List.of(
                    check("a", "x", Status.FAIL, "m", null),
                    check("a", "y", Status.WARN, "m", null))))
        .isEqualTo(Status.FAIL);
  }

  private List<HostConfig> hosts() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("inventory.toml"),
            """
            [hosts.mx1]
            address = "203.0.113.10"
            hostname = "mx1.a.test"
            [hosts.mx2]
            address = "203.0.113.11"
            hostname = "mx2.a.test"
            """);
    return new InventoryLoader(Path.of("/home/tester")).load(file).hosts();
  }

  private static Check check(String host, String name, Status status, String message, String fix) {
    return new Check(Subject.host(host), name, status, null, null, fix, message);
  }
}
