package dev.mailpush.cli;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.mailpush.api.StatusHistory;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The page {@code status --html} writes: one self-contained HTML file (styles and script inline, no
 * external asset) with a card per host, each check green, amber or red with its fix and a copy
 * button, a chart of queue and disk use over the past runs, and the DNS records to publish. Every
 * text from a host is HTML-escaped by the template engine.
 */
final class StatusPage {
  private static final String TEMPLATE = "status-page.html.mustache";
  private static final Template PAGE =
      Mustache.compiler()
          .strictSections(true)
          .withLoader(partial -> new StringReader(resource("status-" + partial + ".mustache")))
          .compile(resource(TEMPLATE));
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private StatusPage() {}

  /**
   * The page for {@code hosts} and their status {@code checks}; {@code history} by host name;
   * {@code dns} the checks of dns-report, or {@code null} when it did not run.
   */
  static String render(
      List<HostConfig> hosts,
      List<Check> checks,
      Map<String, List<StatusHistory.Sample>> history,
      List<Check> dns,
      Instant now) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("summary", summary(checks));
    page.put("generated", "generated " + WHEN.format(now.truncatedTo(ChronoUnit.MINUTES)));
    List<Map<String, Object>> cards = new ArrayList<>();
    for (HostConfig h : hosts) {
      List<Check> own = checks.stream().filter(c -> h.name().equals(c.host())).toList();
      Status worst = worst(own);
      Map<String, Object> card = new LinkedHashMap<>();
      card.put("name", h.name());
      card.put("hostname", h.hostname());
      card.put("worst", worst.key());
      card.put("history", historyAttribute(history.getOrDefault(h.name(), List.of())));
      List<Check> problems = own.stream().filter(StatusPage::problem).toList();
      List<Check> passing = own.stream().filter(c -> !problem(c)).toList();
      card.put("problems", problems.stream().map(StatusPage::row).toList());
      card.put("passing", passing.stream().map(StatusPage::row).toList());
      card.put(
          "passingSummary",
          passing.isEmpty()
              ? "no other checks"
              : problems.isEmpty()
                  ? "all " + passing.size() + " checks pass"
                  : passing.size() + " more checks pass");
      cards.add(card);
    }
    page.put("hosts", cards);
    List<String> records =
        dns == null
            ? List.of()
            : dns.stream()
                .filter(c -> c.status() != Status.OK && c.fix() != null)
                .map(Check::fix)
                .distinct()
                .toList();
    page.put("records", records);
    page.put("recordsNote", recordsNote(dns, records));
    return PAGE.execute(page);
  }

  private static Map<String, Object> row(Check c) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("status", c.status().key());
    row.put("check", c.check());
    row.put("message", c.message());
    row.put("fix", c.fix() == null || c.status() == Status.OK ? List.of() : List.of(c.fix()));
    return row;
  }

  /** What the card shows first: a check to act on. */
  private static boolean problem(Check c) {
    return c.status() == Status.FAIL || c.status() == Status.WARN;
  }

  /** FAIL over WARN over OK; INFO says nothing about health. */
  static Status worst(List<Check> checks) {
    if (checks.stream().anyMatch(c -> c.status() == Status.FAIL)) {
      return Status.FAIL;
    }
    if (checks.stream().anyMatch(c -> c.status() == Status.WARN)) {
      return Status.WARN;
    }
    return checks.isEmpty() ? Status.INFO : Status.OK;
  }

  private static String summary(List<Check> checks) {
    long fail = checks.stream().filter(c -> c.status() == Status.FAIL).count();
    long warn = checks.stream().filter(c -> c.status() == Status.WARN).count();
    if (fail == 0 && warn == 0) {
      return "all is well";
    }
    return fail + " failing, " + warn + " warning";
  }

  /** {@code time,queue,disk;...}: the chart's data, read by the page's script. */
  private static String historyAttribute(List<StatusHistory.Sample> samples) {
    return samples.stream()
        .map(s -> s.at() + "," + field(s.queue()) + "," + field(s.diskPercent()))
        .collect(Collectors.joining(";"));
  }

  private static String field(OptionalInt value) {
    return value.isPresent() ? String.valueOf(value.getAsInt()) : "-";
  }

  private static String recordsNote(List<Check> dns, List<String> records) {
    if (dns == null) {
      return "mailpush status --full --html FILE adds the DNS records that are missing or wrong,"
          + " as mailpush dns-report finds them.";
    }
    if (records.isEmpty()) {
      return "dns-report found every record in place.";
    }
    return records.size()
        + " fix(es) from dns-report: publish each record in the zone of its domain.";
  }

  private static String resource(String name) {
    try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
