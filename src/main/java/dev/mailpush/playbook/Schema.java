package dev.mailpush.playbook;

import dev.mailpush.inventory.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The keys of a playbook's tables and their TOML types: the keys each action of a task takes
 * besides the common ones, those of a {@code [[tasks.files]]} entry, of each kind of handler, of an
 * include entry and of the playbook itself. A key outside its table's set is an error at its
 * file:line that says where the key does belong, or names the closest allowed key, and lists the
 * keys that table takes; a key of the wrong type is an error at its line too.
 */
final class Schema {
  private Schema() {}

  enum Type {
    STRING("a string"),
    BOOLEAN("true or false"),
    INTEGER("an integer"),
    /** Strings (integers and booleans are taken as their text). */
    STRINGS("an array of strings"),
    TABLE("a table"),
    TABLES("an array of tables");

    private final String description;

    Type(String description) {
      this.description = description;
    }
  }

  /** The keys every task may have, whatever its action. */
  static final Map<String, Type> COMMON =
      keys(
          "name",
          Type.STRING,
          "notify",
          Type.STRINGS,
          "when",
          Type.STRING,
          "when_version",
          Type.STRING,
          "loop",
          Type.STRINGS,
          "loop_count",
          Type.INTEGER,
          "loop_over",
          Type.STRING,
          "vars",
          Type.TABLE);

  /** Each action's own keys, the action key first. */
  static final Map<String, Map<String, Type>> ACTIONS = new LinkedHashMap<>();

  static {
    ACTIONS.put("packages", keys("packages", Type.STRINGS));
    ACTIONS.put(
        "file",
        keys(
            "file",
            Type.STRING,
            "template",
            Type.STRING,
            "content",
            Type.STRING,
            "mode",
            Type.STRING,
            "owner",
            Type.STRING,
            "group",
            Type.STRING,
            "secret",
            Type.BOOLEAN));
    ACTIONS.put("files", keys("files", Type.TABLES, "validate", Type.STRINGS));
    ACTIONS.put(
        "directory",
        keys(
            "directory",
            Type.STRING,
            "mode",
            Type.STRING,
            "owner",
            Type.STRING,
            "group",
            Type.STRING));
    ACTIONS.put(
        "service", keys("service", Type.STRING, "state", Type.STRING, "enabled", Type.BOOLEAN));
    ACTIONS.put(
        "user", keys("user", Type.STRING, "shell", Type.STRING, "password_hash", Type.STRING));
    ACTIONS.put("mail_users", keys("mail_users", Type.BOOLEAN));
    ACTIONS.put(
        "command", keys("command", Type.STRINGS, "creates", Type.STRING, "unless", Type.STRING));
    ACTIONS.put("report", keys("report", Type.STRING));
    ACTIONS.put("acme_certificate", keys("acme_certificate", Type.BOOLEAN));
  }

  static final Map<String, Type> FILE_ENTRY =
      keys(
          "path",
          Type.STRING,
          "template",
          Type.STRING,
          "content",
          Type.STRING,
          "mode",
          Type.STRING,
          "owner",
          Type.STRING,
          "group",
          Type.STRING,
          "secret",
          Type.BOOLEAN);

  /** Handlers by kind: restart/reload a unit, or run a command. */
  static final Map<String, Map<String, Type>> HANDLERS = new LinkedHashMap<>();

  static {
    HANDLERS.put(
        "service", keys("name", Type.STRING, "service", Type.STRING, "action", Type.STRING));
    HANDLERS.put("command", keys("name", Type.STRING, "command", Type.STRINGS));
  }

  static final Map<String, Type> INCLUDE = keys("file", Type.STRING, "when", Type.STRING);

  /** The playbook's own keys ({@code include} is checked entry by entry). */
  static final Set<String> PLAYBOOK = Set.of("name", "description", "include", "tasks", "handlers");

  private static final List<String> SERVICE_STATES = List.of("running", "stopped");
  private static final List<String> HANDLER_ACTIONS =
      List.of("restart", "reload", "reload-or-restart");

  /**
   * The one action of a task, or an error naming what was found (or the action a misspelt key
   * resembles).
   */
  static String action(Checker check, TomlTable task, int index) {
    List<String> found = task.keySet().stream().filter(ACTIONS::containsKey).toList();
    if (found.size() == 1) {
      return found.get(0);
    }
    String message =
        "task "
            + (index + 1)
            + " must have exactly one action key, found "
            + (found.isEmpty() ? "none" : found.stream().sorted().toList());
    if (found.isEmpty()) {
      for (String key : task.keySet()) {
        Optional<String> close = Suggestions.closest(key, ACTIONS.keySet());
        if (close.isPresent() && !known(key)) {
          throw check.error(
              task,
              key,
              message,
              "did you mean \"" + close.get() + "\"? actions: " + ACTIONS.keySet());
        }
      }
      throw new PlaybookException(
          check.where() + ":" + check.line(task), message, "one of " + ACTIONS.keySet());
    }
    throw check.error(
        task,
        found.get(1),
        message,
        "one task does one thing: split it into " + found.size() + " tasks");
  }

  /**
   * Every key of a task belongs to its action or is common, and has its type; a few values are
   * checked too.
   */
  static void task(Checker check, TomlTable task, String action) {
    Map<String, Type> own = ACTIONS.get(action);
    Map<String, Type> allowed = new LinkedHashMap<>(own);
    allowed.putAll(COMMON);
    String what = (action.startsWith("a") ? "an " : "a ") + action + " task";
    String takes =
        what
            + " takes "
            + String.join(", ", own.keySet())
            + " and the common keys "
            + String.join(", ", COMMON.keySet());
    keys(check, task, what, allowed, takes);
    if (task.isString("state") && !SERVICE_STATES.contains(task.getString("state"))) {
      throw check.error(
          task,
          "state",
          "state must be running or stopped, not \"" + task.getString("state") + "\"",
          "state = \"running\" (the default) or state = \"stopped\"");
    }
    for (String flag : List.of("mail_users", "acme_certificate")) {
      if (Boolean.FALSE.equals(task.getBoolean(flag))) {
        throw check.error(
            task,
            flag,
            flag + " must be true",
            "to leave the task out on some hosts, give it a when");
      }
    }
    Long count = task.getLong("loop_count");
    if (count != null && count < 1) {
      throw check.error(
          task,
          "loop_count",
          "loop_count must be at least 1, not " + count,
          "to leave the task out on some hosts, give it a when");
    }
  }

  /** The keys of one {@code [[tasks.files]]} entry. */
  static void fileEntry(Checker check, TomlTable entry, int index) {
    keys(
        check,
        entry,
        "files[" + index + "] (a [[tasks.files]] entry)",
        FILE_ENTRY,
        "a [[tasks.files]] entry takes " + String.join(", ", FILE_ENTRY.keySet()));
  }

  /** The kind of a handler (service or command) once its keys are checked. */
  static String handler(Checker check, TomlTable h, String name) {
    if (h.contains("service") == h.contains("command")) {
      throw check.error(
          h,
          h.contains("service") ? "command" : "name",
          "handler \"" + name + "\" needs exactly one of service or command",
          "service = \"postfix\" with action = \"reload\", or" + " command = [\"argv\", ...]");
    }
    String kind = h.contains("service") ? "service" : "command";
    Map<String, Type> allowed = HANDLERS.get(kind);
    keys(
        check,
        h,
        "a " + kind + " handler",
        allowed,
        "a " + kind + " handler takes " + String.join(", ", allowed.keySet()));
    if (h.isString("action") && !HANDLER_ACTIONS.contains(h.getString("action"))) {
      throw check.error(
          h,
          "action",
          "action must be restart, reload or reload-or-restart, not \""
              + h.getString("action")
              + "\"",
          Suggestions.closest(h.getString("action"), HANDLER_ACTIONS)
              .map(s -> "did you mean \"" + s + "\"?")
              .orElse(""));
    }
    return kind;
  }

  /** The keys of an include entry ({@code { file = "...", when = "..." }}). */
  static void include(Checker check, TomlTable entry, int index) {
    keys(check, entry, "include[" + index + "]", INCLUDE, "an include entry takes file and when");
  }

  /** The playbook's top-level keys. */
  static void playbook(Checker check, TomlTable toml) {
    for (String key : toml.keySet()) {
      if (!PLAYBOOK.contains(key)) {
        List<String> elsewhere = belongs(key);
        String takes =
            "the playbook takes "
                + String.join(", ", PLAYBOOK)
                + " at its top, before the first [[tasks]]";
        throw check.error(
            toml,
            key,
            "unknown key \"" + key + "\" at the top of the playbook",
            elsewhere.isEmpty()
                ? hint(key, PLAYBOOK, takes)
                : key
                    + " is a key of "
                    + words(elsewhere)
                    + " (a key above the first [[tasks]] belongs to the playbook); "
                    + takes);
      }
    }
    for (String key : List.of("name", "description")) {
      if (toml.contains(key) && !toml.isString(key)) {
        throw check.error(toml, key, key + " must be a string", key + " = \"...\"");
      }
    }
  }

  private static void keys(
      Checker check, TomlTable table, String what, Map<String, Type> allowed, String takes) {
    for (String key : table.keySet()) {
      Type type = allowed.get(key);
      if (type == null) {
        List<String> elsewhere = belongs(key);
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
      if (!hasType(table, key, type)) {
        throw check.error(
            table, key, key + " must be " + type.description + " in " + what, example(key, type));
      }
    }
  }

  private static String hint(String key, Set<String> allowed, String takes) {
    Optional<String> close = Suggestions.closest(key, allowed).map(k -> "\"" + k + "\"");
    if (close.isEmpty()) {
      close =
          Suggestions.closest(key, allKeys()).map(k -> "\"" + k + "\" (" + words(belongs(k)) + ")");
    }
    return close.map(c -> "did you mean " + c + "? ").orElse("") + takes;
  }

  /** "a", "a and b", "a, b and c". */
  private static String words(List<String> items) {
    return items.size() < 2
        ? String.join("", items)
        : String.join(", ", items.subList(0, items.size() - 1))
            + " and "
            + items.get(items.size() - 1);
  }

  /** Where else a key is allowed, e.g. "file tasks, directory tasks, [[tasks.files]] entries". */
  private static List<String> belongs(String key) {
    List<String> out = new ArrayList<>();
    if (COMMON.containsKey(key)) {
      out.add("every task");
    }
    ACTIONS.forEach(
        (action, keys) -> {
          if (keys.containsKey(key)) {
            out.add(action + " tasks");
          }
        });
    if (FILE_ENTRY.containsKey(key)) {
      out.add("[[tasks.files]] entries");
    }
    HANDLERS.forEach(
        (kind, keys) -> {
          if (keys.containsKey(key) && !COMMON.containsKey(key)) {
            out.add(kind + " handlers");
          }
        });
    if (PLAYBOOK.contains(key) && !COMMON.containsKey(key)) {
      out.add("the playbook's top level");
    }
    return out;
  }

  private static boolean known(String key) {
    return allKeys().contains(key);
  }

  private static Set<String> allKeys() {
    Set<String> all = new LinkedHashSet<>(COMMON.keySet());
    ACTIONS.values().forEach(k -> all.addAll(k.keySet()));
    all.addAll(FILE_ENTRY.keySet());
    HANDLERS.values().forEach(k -> all.addAll(k.keySet()));
    all.addAll(PLAYBOOK);
    return all;
  }

  private static boolean hasType(TomlTable t, String key, Type type) {
    return switch (type) {
      case STRING -> t.isString(key);
      case BOOLEAN -> t.isBoolean(key);
      case INTEGER -> t.isLong(key);
      case TABLE -> t.isTable(key);
      case STRINGS ->
          t.isArray(key)
              && elements(t.getArray(key)).stream()
                  .allMatch(v -> v instanceof String || v instanceof Long || v instanceof Boolean);
      case TABLES ->
          t.isArray(key)
              && !t.getArray(key).isEmpty()
              && elements(t.getArray(key)).stream().allMatch(v -> v instanceof TomlTable);
    };
  }

  private static List<Object> elements(TomlArray arr) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      out.add(arr.get(i));
    }
    return out;
  }

  private static String example(String key, Type type) {
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

  /** An ordered map from alternating names and types. */
  private static Map<String, Type> keys(Object... pairs) {
    Map<String, Type> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Type) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
