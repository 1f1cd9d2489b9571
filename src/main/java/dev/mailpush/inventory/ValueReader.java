package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;

/**
 * One value as written under a key, or one element of an array under it: converts it to the type
 * the key needs, applies the value rules, and reports what does not fit at the value's own
 * position. A value that does not fit is reported and comes back empty, so the caller carries on
 * with the rest of the file.
 */
final class ValueReader {
  private final String key;
  private final Object raw;
  private final TomlPosition at;
  private final KeyProblems report;

  ValueReader(String key, Object raw, TomlPosition at, KeyProblems report) {
    this.key = key;
    this.raw = raw;
    this.at = at;
    this.report = report;
  }

  /** A string, checked against the injection rules and then {@code rule}. */
  Optional<Located<String>> string(Function<String, Checked> rule) {
    return text().flatMap(s -> check(s, rule));
  }

  /**
   * A string for a config file that is not a shell (a main.cf value may hold {@code $name} macros):
   * only {@code rule} applies, which must itself refuse line breaks and control characters.
   */
  Optional<Located<String>> configString(Function<String, Checked> rule) {
    return text().flatMap(s -> accept(rule.apply(s)));
  }

  /** A secret string: type-checked only, and never echoed in any message. */
  Optional<Located<String>> secret() {
    return text().map(s -> new Located<>(s, at));
  }

  /** The value when it is a string; a type error (and empty) when it is something else. */
  private Optional<String> text() {
    if (!(raw instanceof String s)) {
      report.wrongType(
          key, at, raw, "a string", "put the value in double quotes: " + key + " = \"...\"");
      return Optional.empty();
    }
    return Optional.of(s);
  }

  Optional<Located<Long>> integer(long min, long max) {
    String range = "a whole number from " + min + " to " + max;
    if (!(raw instanceof Long n)) {
      report.wrongType(key, at, raw, "an integer", "write " + range + ", without quotes");
      return Optional.empty();
    }
    if (n < min || n > max) {
      report.invalid(key, at, n + " is out of range", "use " + range);
      return Optional.empty();
    }
    return Optional.of(new Located<>(n, at));
  }

  /** A number, whole or with decimals (5, 6.5), from min to max. */
  Optional<Located<Double>> number(double min, double max) {
    String range = "a number from " + min + " to " + max;
    double n;
    if (raw instanceof Long l) {
      n = l;
    } else if (raw instanceof Double d && Double.isFinite(d)) {
      n = d;
    } else {
      report.wrongType(key, at, raw, "a number", "write " + range + ", without quotes");
      return Optional.empty();
    }
    if (n < min || n > max) {
      // The value as written (5, not 5.0), so the message quotes the file.
      report.invalid(key, at, raw + " is out of range", "use " + range);
      return Optional.empty();
    }
    return Optional.of(new Located<>(n, at));
  }

  Optional<Located<Boolean>> bool() {
    if (!(raw instanceof Boolean b)) {
      report.wrongType(
          key,
          at,
          raw,
          "a boolean",
          "write " + key + " = true or " + key + " = false, without quotes");
      return Optional.empty();
    }
    return Optional.of(new Located<>(b, at));
  }

  /** An array of strings, each element checked on its own and reported at its own position. */
  Optional<List<Located<String>>> strings(Function<String, Checked> rule) {
    if (!(raw instanceof TomlArray array)) {
      report.wrongType(
          key, at, raw, "an array of strings", "write a list: " + key + " = [\"...\", \"...\"]");
      return Optional.empty();
    }
    List<Located<String>> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      ValueReader element = new ValueReader(key, array.get(i), array.inputPositionOf(i), report);
      element.element(rule).ifPresent(items::add);
    }
    return Optional.of(items);
  }

  /** An element of a string array: its own hint, since the array itself is already a list. */
  private Optional<Located<String>> element(Function<String, Checked> rule) {
    if (raw instanceof String s) {
      return check(s, rule);
    }
    report.wrongType(key, at, raw, "a string", "put each element in double quotes");
    return Optional.empty();
  }

  /** A string, integer or boolean, as a string (free-form variables). */
  Optional<Located<String>> scalar() {
    if (raw instanceof String || raw instanceof Long || raw instanceof Boolean) {
      return check(raw.toString(), Checked::ok);
    }
    report.wrongType(
        key,
        at,
        raw,
        "a string, integer or boolean",
        "variables are plain values: " + key + " = \"...\"");
    return Optional.empty();
  }

  private Optional<Located<String>> check(String value, Function<String, Checked> rule) {
    return accept(TextRules.safeText(value).andThen(rule));
  }

  private Optional<Located<String>> accept(Checked checked) {
    if (!checked.isOk()) {
      report.invalid(key, at, checked.problem(), checked.hint());
      return Optional.empty();
    }
    return Optional.of(new Located<>(checked.value(), at));
  }
}
