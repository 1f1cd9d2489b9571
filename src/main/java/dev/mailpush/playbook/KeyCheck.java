package dev.mailpush.playbook;

import dev.mailpush.inventory.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlTable;

/**
 * Checks the keys of one playbook table against the set it takes. A key outside the set is an error
 * at its file:line that says where the key does belong, or names the closest allowed key, and lists
 * the keys the table takes; a key of the wrong type is an error at its line with an example of the
 * right one.
 */
final class KeyCheck {
  private KeyCheck() {}

  /**
   * @param what the table as messages name it, e.g. "a service task"
   * @param takes the sentence listing the keys it takes, ending every unknown-key hint
   */
  static void keys(
      Checker check, TomlTable table, String what, Map<String, KeyType> allowed, String takes) {
    for (String key : table.keySet()) {
      KeyType type = allowed.get(key);
      if (type == null) {
        List<String> elsewhere = PlaybookKeys.belongs(key);
        if (!elsewhere.isEmpty()) {
          throw check.error(
              table,
              key,
              "\"" + key + "\" does not belong to " + what,
              key + " is a key of " + words(elsewhere) + "; " + takes);
        }
        throw check.error(
            table,
            key,
            "unknown key \"" + key + "\" in " + what,
            hint(key, allowed.keySet(), takes));
      }
      if (!type.holds(table, key)) {
        throw check.error(
            table, key, key + " must be " + type.description + " in " + what, example(key, type));
      }
    }
  }

  /**
   * The closest allowed key, else the closest key of any table (saying which), then {@code takes}.
   */
  static String hint(String key, Set<String> allowed, String takes) {
    Optional<String> close = Suggestions.closest(key, allowed).map(k -> "\"" + k + "\"");
    if (close.isEmpty()) {
      close =
          Suggestions.closest(key, PlaybookKeys.allKeys())
              .map(k -> "\"" + k + "\" (" + words(PlaybookKeys.belongs(k)) + ")");
    }
    return close.map(c -> "did you mean " + c + "? ").orElse("") + takes;
  }

  /** "a", "a and b", "a, b and c". */
  static String words(List<String> items) {
    return items.size() < 2
        ? String.join("", items)
        : String.join(", ", items.subList(0, items.size() - 1))
            + " and "
            + items.get(items.size() - 1);
  }

  /** How to write the key right; a few keys get an example of their own, the rest one by type. */
  private static String example(String key, KeyType type) {
    return switch (key) {
      case "mode" -> "mode = \"0644\" (quoted: an octal string)";
      case "files" -> "one [[tasks.files]] table per file, with path and template or content";
      case "vars" ->
          "[tasks.vars] with lines such as level = { when_version = \"postfix >= 3.6\", value = \"3.6\","
              + " else = \"2\" }";
      default ->
          switch (type) {
            case STRING -> key + " = \"...\"";
            case BOOLEAN -> key + " = true";
            case INTEGER -> key + " = 3";
            case STRINGS -> key + " = [\"...\", \"...\"]";
            case TABLE, TABLES -> "";
          };
    };
  }
}
