package dev.mailpush.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attacker suite's results: probe by release, what the server answered and whether that is
 * safe. {@link #check} records a result and fails the test when it is not safe, so the table and
 * the assertions can never disagree. Printed and written to {@code target/attack-suite.md} at the
 * end.
 */
final class ProbeTable {
  /** One probe of one release: what was seen and whether that is the safe behaviour. */
  record Result(String outcome, boolean safe) {}

  private final List<String> suites;
  private final Map<String, Map<String, Result>> rows = new ConcurrentHashMap<>();
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

  ProbeTable(List<String> suites) {
    this.suites = List.copyOf(suites);
  }

  /** Records the outcome; throws with {@code evidence} when it is not safe. */
  void check(String probe, String suite, boolean safe, String outcome, String evidence) {
    record(probe, suite, safe, outcome);
    if (!safe) {
      throw new AssertionError(suite + ": " + probe + ": " + outcome + "\n" + evidence);
    }
  }

  /** Records the outcome only (the caller asserts). */
  void record(String probe, String suite, boolean safe, String outcome) {
    rows.computeIfAbsent(
            probe,
            p -> {
              order.add(p);
              return new ConcurrentHashMap<>();
            })
        .put(suite, new Result(outcome, safe));
  }

  String markdown() {
    StringBuilder s = new StringBuilder("| probe |");
    suites.forEach(suite -> s.append(' ').append(suite).append(" |"));
    s.append("\n|---|");
    suites.forEach(suite -> s.append("---|"));
    s.append('\n');
    for (String probe : List.copyOf(order)) {
      s.append("| ").append(probe).append(" |");
      for (String suite : suites) {
        Result r = rows.get(probe).get(suite);
        s.append(' ')
            .append(r == null ? "not run" : (r.safe() ? "ok: " : "**OPEN**: ") + cell(r.outcome()))
            .append(" |");
      }
      s.append('\n');
    }
    return s.toString();
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(String text) {
    String one = text.replace('\n', ' ').replace("|", "\\|").strip();
    return one.length() > 90 ? one.substring(0, 87) + "..." : one;
  }
}
