package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the keys of one TOML table with type checks and value rules, reporting each problem at the
 * key's position. A bad value is reported and left out, so the rest of the file is still checked.
 */
final class TableReader {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final TomlTable table;
  private final List<String> path;
  private final TomlPosition position;
  private final Problems problems;

  TableReader(TomlTable table, List<String> path, TomlPosition position, Problems problems) {
    this.table = table;
    this.path = List.copyOf(path);
    this.position = position;
    this.problems = problems;
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
        .map(k -> BARE_KEY.matcher(k).matches() ? k : "\"" + k + "\"")
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
      if (allowed.contains(key)) {
        continue;
      }
      String message =
          "unknown key \""
              + Printable.inline(key)
              + "\" "
              + where()
              + Suggestions.closest(key, allowed)
                  .map(s -> "; did you mean \"" + s + "\"?")
                  .orElse("");
      String hint = hintFor.apply(key);
      if (hint == null) {
        hint = "allowed keys " + where() + ": " + String.join(", ", allowed);
      }
      problems.add(positionOf(key), message, hint);
    }
  }

  /** A string value, checked against the injection rules and then {@code rule}. */
  Optional<Located<String>> string(String key, Function<String, Checked> rule) {
    return rawString(key).flatMap(s -> check(key, positionOf(key), s, rule));
  }

  /**
   * A string for a config file that is not a shell (a main.cf value may hold {@code $name} macros):
   * only {@code rule} applies, which must itself refuse line breaks and control characters.
   */
  Optional<Located<String>> configString(String key, Function<String, Checked> rule) {
    return rawString(key).flatMap(s -> apply(key, positionOf(key), rule.apply(s)));
  }

  /** A secret string: type-checked only, and never echoed in any message. */
  Optional<Located<String>> secret(String key) {
    return rawString(key).map(s -> new Located<>(s, positionOf(key)));
  }

  /** The value when it is a string; a type error (and empty) when it is something else. */
  private Optional<String> rawString(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    if (!(raw instanceof String s)) {
      wrongType(
          key,
          positionOf(key),
          raw,
          "a string",
          "put the value in double quotes: " + key + " = \"...\"");
      return Optional.empty();
    }
    return Optional.of(s);
  }

  Optional<Located<Long>> integer(String key, long min, long max) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    String range = "a whole number from " + min + " to " + max;
    if (!(raw instanceof Long n)) {
      wrongType(key, positionOf(key), raw, "an integer", "write " + range + ", without quotes");
      return Optional.empty();
    }
    if (n < min || n > max) {
      invalid(key, positionOf(key), n + " is out of range", "use " + range);
      return Optional.empty();
    }
    return Optional.of(new Located<>(n, positionOf(key)));
  }

  /** A number, whole or with decimals (5, 6.5), from min to max. */
  Optional<Located<Double>> number(String key, double min, double max) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    String range = "a number from " + min + " to " + max;
    double n;
    if (raw instanceof Long l) {
      n = l;
    } else if (raw instanceof Double d && Double.isFinite(d)) {
      n = d;
    } else {
      wrongType(key, positionOf(key), raw, "a number", "write " + range + ", without quotes");
      return Optional.empty();
    }
    if (n < min || n > max) {
      invalid(key, positionOf(key), raw + " is out of range", "use " + range);
      return Optional.empty();
    }
    return Optional.of(new Located<>(n, positionOf(key)));
  }

  Optional<Located<Boolean>> bool(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    if (!(raw instanceof Boolean b)) {
      wrongType(
          key,
          positionOf(key),
          raw,
          "a boolean",
          "write " + key + " = true or " + key + " = false, without quotes");
      return Optional.empty();
    }
    return Optional.of(new Located<>(b, positionOf(key)));
  }

  /** An array of strings, each element checked on its own and reported at its own position. */
  Optional<List<Located<String>>> strings(String key, Function<String, Checked> rule) {
    if (!has(key)) {
      return Optional.empty();
    }
    Object raw = table.get(List.of(key));
    if (!(raw instanceof TomlArray array)) {
      wrongType(
          key,
          positionOf(key),
          raw,
          "an array of strings",
          "write a list: " + key + " = [\"...\", \"...\"]");
      return Optional.empty();
    }
    List<Located<String>> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object element = array.get(i);
      TomlPosition at = array.inputPositionOf(i);
      if (element instanceof String s) {
        check(key, at, s, rule).ifPresent(items::add);
      } else {
        wrongType(key, at, element, "a string", "put each element in double quotes");
      }
    }
    return Optional.of(items);
  }

  /** A string, integer or boolean, as a string (free-form variables). */
  Optional<Located<String>> scalar(String key) {
    Object raw = table.get(List.of(key));
    if (raw instanceof String || raw instanceof Long || raw instanceof Boolean) {
      return check(key, positionOf(key), raw.toString(), Checked::ok);
    }
    wrongType(
        key,
        positionOf(key),
        raw,
        "a string, integer or boolean",
        "variables are plain values: " + key + " = \"...\"");
    return Optional.empty();
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
      wrongType(
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
    problems.add(at, "invalid " + display(key) + " " + where() + ": " + detail, hint);
  }

  private Optional<Located<String>> check(
      String key, TomlPosition at, String value, Function<String, Checked> rule) {
    return apply(key, at, Syntax.safeText(value).andThen(rule));
  }

  private Optional<Located<String>> apply(String key, TomlPosition at, Checked checked) {
    if (!checked.isOk()) {
      invalid(key, at, checked.problem(), checked.hint());
      return Optional.empty();
    }
    return Optional.of(new Located<>(checked.value(), at));
  }

  private void wrongType(String key, TomlPosition at, Object raw, String expected, String hint) {
    problems.add(
        at,
        "wrong type for "
            + display(key)
            + " "
            + where()
            + ": expected "
            + expected
            + ", found "
            + typeName(raw),
        hint);
  }

  /**
   * Keys that need quoting in TOML (addresses, say) are shown quoted, so the message reads as a
   * key.
   */
  private static String display(String key) {
    return BARE_KEY.matcher(key).matches() ? key : "\"" + Printable.inline(key) + "\"";
  }

  static String typeName(Object value) {
    if (value instanceof String) {
      return "a string";
    } else if (value instanceof Long) {
      return "an integer";
    } else if (value instanceof Double) {
      return "a float";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof TomlArray) {
      return "an array";
    } else if (value instanceof TomlTable) {
      return "a table";
    }
    return "a date/time";
  }
}
