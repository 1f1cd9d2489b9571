package dev.mailpush.cli;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the checks of {@code dns-report} and {@code verify}: a table per group (domain or host)
 * with OK / WARN / FAIL / INFO and the fix under each row, or one JSON line per check and a summary
 * line.
 */
final class CheckReport {
  private CheckReport() {}

  /**
   * @param domainField whether every line carries {@code domain} (dns-report), null for host checks
   */
  static void json(PrintWriter out, List<Check> rows, boolean domainField) {
    for (Check r : rows) {
      out.println(
          JsonLine.of(
              g -> {
                g.writeStringField("type", "check");
                if (domainField) {
                  g.writeStringField("domain", r.domain());
                }
                g.writeStringField("host", r.host());
                g.writeStringField("check", r.check());
                g.writeStringField("status", r.status().key());
                g.writeStringField("found", r.found());
                g.writeStringField("expected", r.expected());
                g.writeStringField("fix", r.fix());
                g.writeStringField("message", r.message());
              }));
    }
  }

  /** The last line: counts per status, as JSON or as a sentence. */
  /** One check as a long command makes it (migrate, upgrade): a line now, flushed. */
  static void line(PrintWriter out, Check c, boolean json) {
    if (json) {
      json(out, List.of(c), true);
    } else {
      out.printf("%-10s %-18s %-5s %s%n", c.host(), c.check(), c.status().name(), c.message());
      if (c.fix() != null) {
        out.printf("%-35s fix: %s%n", "", c.fix());
      }
    }
    out.flush();
  }

  static void summary(PrintWriter out, List<Check> rows, boolean json) {
    if (json) {
      summaryJson(out, rows);
    } else {
      summaryHuman(out, rows);
    }
  }

  private static void summaryJson(PrintWriter out, List<Check> rows) {
    Map<String, Integer> counts = counts(rows);
    out.println(
        JsonLine.of(
            g -> {
              g.writeStringField("type", "summary");
              for (Map.Entry<String, Integer> e : counts.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
              }
            }));
    out.flush();
  }

  static Map<String, Integer> counts(List<Check> rows) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      counts.put(s.key(), (int) rows.stream().filter(r -> r.status() == s).count());
    }
    return counts;
  }

  static boolean anyFail(List<Check> rows) {
    return rows.stream().anyMatch(Check::failed);
  }

  /** A titled table: CHECK, (HOST,) STATUS, DETAIL; each fix indented below its row. */
  static void table(PrintWriter out, String title, List<Check> rows, boolean hostColumn) {
    if (rows.isEmpty()) {
      return;
    }
    out.println(title);
    int cw = Math.max(5, rows.stream().mapToInt(r -> r.check().length()).max().orElse(5));
    int hw =
        Math.max(
            4,
            rows.stream().mapToInt(r -> r.host() == null ? 1 : r.host().length()).max().orElse(4));
    String header =
        "  "
            + pad("CHECK", cw)
            + "  "
            + (hostColumn ? pad("HOST", hw) + "  " : "")
            + pad("STATUS", 6)
            + "  DETAIL";
    out.println(header);
    for (Check r : rows) {
      StringBuilder s = new StringBuilder("  ").append(pad(r.check(), cw)).append("  ");
      if (hostColumn) {
        s.append(pad(r.host() == null ? "-" : r.host(), hw)).append("  ");
      }
      s.append(pad(r.status().name(), 6)).append("  ").append(r.message());
      out.println(s);
      String indent = " ".repeat(2 + cw + 2 + (hostColumn ? hw + 2 : 0) + 8);
      if (r.status() != Status.OK && r.found() != null && !r.found().isBlank()) {
        out.println(indent + "found: " + r.found());
      }
      if (r.fix() != null) {
        List<String> lines = new ArrayList<>(List.of(r.fix().split("\n")));
        out.println(indent + "fix:   " + lines.get(0));
        for (String l : lines.subList(1, lines.size())) {
          out.println(indent + "       " + l);
        }
      }
    }
    out.println();
  }

  private static void summaryHuman(PrintWriter out, List<Check> rows) {
    Map<String, Integer> c = counts(rows);
    out.println(
        "summary: "
            + c.get("ok")
            + " ok, "
            + c.get("warn")
            + " warn, "
            + c.get("fail")
            + " fail, "
            + c.get("info")
            + " info");
    out.flush();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
