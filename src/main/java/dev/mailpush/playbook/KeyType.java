package dev.mailpush.playbook;

import java.util.function.Predicate;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** The TOML type a playbook key takes, as named in messages and tested on a table's value. */
enum KeyType {
  STRING("a string"),
  BOOLEAN("true or false"),
  INTEGER("an integer"),
  /** Strings (integers and booleans are taken as their text). */
  STRINGS("an array of strings"),
  TABLE("a table"),
  TABLES("an array of tables");

  /** How a message names the type: "key must be " + description. */
  final String description;

  KeyType(String description) {
    this.description = description;
  }

  /** Whether the value of {@code key} (which {@code table} has) is of this type. */
  boolean holds(TomlTable table, String key) {
    return switch (this) {
      case STRING -> table.isString(key);
      case BOOLEAN -> table.isBoolean(key);
      case INTEGER -> table.isLong(key);
      case TABLE -> table.isTable(key);
      case STRINGS ->
          table.isArray(key)
              && allMatch(
                  table.getArray(key),
                  v -> v instanceof String || v instanceof Long || v instanceof Boolean);
      case TABLES ->
          table.isArray(key)
              && !table.getArray(key).isEmpty()
              && allMatch(table.getArray(key), v -> v instanceof TomlTable);
    };
  }

  private static boolean allMatch(TomlArray array, Predicate<Object> test) {
    for (int i = 0; i < array.size(); i++) {
      if (!test.test(array.get(i))) {
        return false;
      }
    }
    return true;
  }
}
