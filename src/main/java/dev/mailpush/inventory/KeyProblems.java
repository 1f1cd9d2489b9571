package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.List;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Words the problems about the keys of one table, so that every reader reports an unknown key, a
 * wrong type or a bad value the same way: what is wrong, with which key, in which table.
 */
final class KeyProblems {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final Problems problems;
  private final String where;

  /** {@code where} names the table, e.g. {@code in [hosts.mx1.ssh]}. */
  KeyProblems(Problems problems, String where) {
    this.problems = problems;
    this.where = where;
  }

  /** {@code hint} may be null: then the hint lists the allowed keys. */
  void unknownKey(String key, TomlPosition at, List<String> allowed, String hint) {
    String message =
        "unknown key \""
            + Printable.inline(key)
            + "\" "
            + where
            + Suggestions.closest(key, allowed)
                .map(s -> "; did you mean \"" + s + "\"?")
                .orElse("");
    problems.add(
        at,
        message,
        hint != null ? hint : "allowed keys " + where + ": " + String.join(", ", allowed));
  }

  void invalid(String key, TomlPosition at, String detail, String hint) {
    problems.add(at, "invalid " + display(key) + " " + where + ": " + detail, hint);
  }

  void wrongType(String key, TomlPosition at, Object raw, String expected, String hint) {
    problems.add(
        at,
        "wrong type for "
            + display(key)
            + " "
            + where
            + ": expected "
            + expected
            + ", found "
            + typeName(raw),
        hint);
  }

  /** Whether TOML lets the key be written without quotes. */
  static boolean isBare(String key) {
    return BARE_KEY.matcher(key).matches();
  }

  /**
   * Keys that need quoting in TOML (addresses, say) are shown quoted, so the message reads as a
   * key.
   */
  private static String display(String key) {
    return isBare(key) ? key : "\"" + Printable.inline(key) + "\"";
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
