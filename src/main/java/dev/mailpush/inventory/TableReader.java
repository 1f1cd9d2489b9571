package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the keys of one TOML table: finds each key, hands its value to a {@link ValueReader} for
 * the type checks and value rules, and opens sub-tables. Every problem is reported at the key's
 * position; a bad value is reported and left out, so the rest of the file is still checked.
 */
final class TableReader {
  private final TomlTable table;
  private final List<String> path;
  private final TomlPosition position;
  private final Problems problems;
  private final KeyProblems report;

  TableReader(TomlTable table, List<String> path, TomlPosition position, Problems problems) {
    this.table = table;
    this.path = List.copyOf(path);
    this.position = position;
    this.problems = problems;
    this.report = new KeyProblems(problems, where());
  }

  Problems problems() {
    return problems;
  }

  /** Where the table itself is defined (its header, or its first key). */
  TomlPosition position() {
    return position;
  }

  /** The table's name as written in a header, e.g. {@code hosts.mx1.ssh}. */
  String name() {
    return path.stream()
        .map(k -> KeyProblems.isBare(k) ? k : "\"" + k + "\"")
        .collect(Collectors.joining("."));
  }

  String where() {
    return path.isEmpty() ? "at top level" : "in [" + name() + "]";
  }

  Set<String> keys() {
    return table.keySet();
  }

  boolean has(String key) {
    return table.contains(List.of(key));
  }

  TomlPosition positionOf(String key) {
    return table.inputPositionOf(List.of(key));
  }

  /** Reports every key not in {@code allowed}, with the closest allowed key as a suggestion. */
  void rejectUnknown(List<String> allowed, Function<String, String> hintFor) {
    for (String key : keys()) {
      if (!allowed.contains(key)) {
        report.unknownKey(key, positionOf(key), allowed, hintFor.apply(key));
      }
    }
  }

  /** A string value, checked against the injection rules and then {@code rule}. */
  Optional<Located<String>> string(String key, Function<String, Checked> rule) {
    return present(key).flatMap(v -> v.string(rule));
  }

  /** A string for a config file that is not a shell: see {@link ValueReader#configString}. */
  Optional<Located<String>> configString(String key, Function<String, Checked> rule) {
    return present(key).flatMap(v -> v.configString(rule));
  }

  /** A secret string: type-checked only, and never echoed in any message. */
  Optional<Located<String>> secret(String key) {
    return present(key).flatMap(ValueReader::secret);
  }

  Optional<Located<Long>> integer(String key, long min, long max) {
    return present(key).flatMap(v -> v.integer(min, max));
  }

  /** A number, whole or with decimals (5, 6.5), from min to max. */
  Optional<Located<Double>> number(String key, double min, double max) {
    return present(key).flatMap(v -> v.number(min, max));
  }

  Optional<Located<Boolean>> bool(String key) {
    return present(key).flatMap(ValueReader::bool);
  }

  /** An array of strings, each element checked on its own and reported at its own position. */
  Optional<List<Located<String>>> strings(String key, Function<String, Checked> rule) {
    return present(key).flatMap(v -> v.strings(rule));
  }

  /**
   * A string, integer or boolean, as a string (free-form variables); for a key of {@link #keys}.
   */
  Optional<Located<String>> scalar(String key) {
    return valueOf(key).scalar();
  }

  /** One string, or an array of them; each checked on its own. */
  Optional<List<Located<String>>> stringOrStrings(String key, Function<String, Checked> rule) {
    if (has(key) && table.isString(List.of(key))) {
      return string(key, rule).map(List::of);
    }
    return strings(key, rule);
  }

  /** A sub-table; anything else under that key is a type error. */
  Optional<TableReader> table(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    List<String> child = new ArrayList<>(path);
    child.add(key);
    if (!(raw instanceof TomlTable t)) {
      String header = new TableReader(table, child, position, problems).name();
      report.wrongType(
          key,
          positionOf(key),
          raw,
          "a table",
          "write it as a table with the header [" + header + "]");
      return Optional.empty();
    }
    return Optional.of(new TableReader(t, child, positionOf(key), problems));
  }

  void invalid(String key, TomlPosition at, String detail, String hint) {
    report.invalid(key, at, detail, hint);
  }

  /** The key's value, or empty when the key is absent (an optional key left out). */
  private Optional<ValueReader> present(String key) {
    return has(key) ? Optional.of(valueOf(key)) : Optional.empty();
  }

  private ValueReader valueOf(String key) {
    return new ValueReader(key, table.get(List.of(key)), positionOf(key), report);
  }
}
