package dev.mailpush.playbook;

import dev.mailpush.inventory.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Structural checks on playbook TOML, each failing with the file, line and a fix. */
final class Checker {
  private final String where;

  Checker(String where) {
    this.where = where;
  }

  String where() {
    return where;
  }

  void keys(TomlTable table, String context, Set<String> allowed) {
    for (String key : table.keySet()) {
      if (!allowed.contains(key)) {
        throw error(
            table,
            key,
            "unknown key \"" + key + "\"" + (context.isEmpty() ? "" : " in " + context),
            Suggestions.closest(key, allowed).map(s -> "did you mean \"" + s + "\"? ").orElse("")
                + "allowed: "
                + allowed.stream().sorted().toList());
      }
    }
  }

  TomlArray tableArray(TomlTable toml, String key) {
    if (!toml.contains(key)) {
      return emptyArray(toml);
    }
    if (!toml.isArray(key)
        || !toml.getArray(key).isEmpty() && !(toml.getArray(key).get(0) instanceof TomlTable)) {
      throw error(toml, key, key + " must be written as [[" + key + "]] tables", "");
    }
    return toml.getArray(key);
  }

  private TomlArray emptyArray(TomlTable toml) {
    return org.tomlj.Toml.parse("a = []").getArray("a");
  }

  String requiredString(TomlTable t, String key) {
    if (!t.isString(key)) {
      throw error(t, t.contains(key) ? key : null, key + " is required and must be a string", "");
    }
    return t.getString(key);
  }

  List<String> stringList(TomlTable t, String key) {
    if (!t.contains(key)) {
      return List.of();
    }
    if (!t.isArray(key)) {
      throw error(t, key, key + " must be an array", key + " = [\"...\"]");
    }
    List<String> out = new ArrayList<>();
    TomlArray arr = t.getArray(key);
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.get(i);
      if (v instanceof String || v instanceof Long || v instanceof Boolean) {
        out.add(String.valueOf(v));
      } else {
        throw error(t, key, key + " must hold strings", "");
      }
    }
    return out;
  }

  int line(TomlTable t) {
    int min = Integer.MAX_VALUE;
    for (String k : t.keySet()) {
      TomlPosition p = t.inputPositionOf(k);
      if (p != null) {
        min = Math.min(min, p.line());
      }
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }

  PlaybookException error(TomlTable t, String key, String message, String hint) {
    TomlPosition p = key == null ? null : t.inputPositionOf(key);
    String at = p == null ? where + ":" + line(t) : where + ":" + p.line() + ":" + p.column();
    return new PlaybookException(at, message, hint);
  }
}
