package dev.mailpush.playbook;

import dev.mailpush.inventory.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlTable;

/**
 * Checks each table of a playbook against its schema as the loader meets it: the keys it takes and
 * their types ({@link PlaybookKeys}, checked by {@link KeyCheck}), a task's one action, and the few
 * values that have a fixed set. Every error is at its file:line and says how to fix it.
 */
final class Schema {
  private Schema() {}

  private static final List<String> SERVICE_STATES = List.of("running", "stopped");
  private static final List<String> HANDLER_ACTIONS =
      List.of("restart", "reload", "reload-or-restart");

  /**
   * The one action of a task, or an error naming what was found (or the action a misspelt key
   * resembles).
   */
  static String action(Checker check, TomlTable task, int index) {
    Map<String, Map<String, KeyType>> actions = PlaybookKeys.ACTIONS;
    List<String> found = task.keySet().stream().filter(actions::containsKey).toList();
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
        Optional<String> close = Suggestions.closest(key, actions.keySet());
        if (close.isPresent() && !PlaybookKeys.known(key)) {
          throw check.error(
              task,
              key,
              message,
              "did you mean \"" + close.get() + "\"? actions: " + actions.keySet());
        }
      }
      throw new PlaybookException(
          check.where() + ":" + check.line(task), message, "one of " + actions.keySet());
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
    Map<String, KeyType> own = PlaybookKeys.ACTIONS.get(action);
    Map<String, KeyType> allowed = new LinkedHashMap<>(own);
    allowed.putAll(PlaybookKeys.COMMON);
    String what = (action.startsWith("a") ? "an " : "a ") + action + " task";
    String takes =
        what
            + " takes "
            + String.join(", ", own.keySet())
            + " and the common keys "
            + String.join(", ", PlaybookKeys.COMMON.keySet());
    KeyCheck.keys(check, task, what, allowed, takes);
    if (task.isString("state") && !SERVICE_STATES.contains(task.getString("state"))) {
      throw check.error(
          task,
          "state",
          "state must be running or stopped, not \"" + task.getString("state") + "\"",
          "state = \"running\" (the default) or state = \"stopped\"");
    }
    for (String flag :
        List.of(
            "mail_users", "acme_certificate", "backup_secrets", "relay_secrets", "dkim_tables")) {
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
    KeyCheck.keys(
        check,
        entry,
        "files[" + index + "] (a [[tasks.files]] entry)",
        PlaybookKeys.FILE_ENTRY,
        "a [[tasks.files]] entry takes " + String.join(", ", PlaybookKeys.FILE_ENTRY.keySet()));
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
    Map<String, KeyType> allowed = PlaybookKeys.HANDLERS.get(kind);
    KeyCheck.keys(
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
    KeyCheck.keys(
        check,
        entry,
        "include[" + index + "]",
        PlaybookKeys.INCLUDE,
        "an include entry takes file and when");
  }

  /** The playbook's top-level keys. */
  static void playbook(Checker check, TomlTable toml) {
    for (String key : toml.keySet()) {
      if (!PlaybookKeys.PLAYBOOK.contains(key)) {
        List<String> elsewhere = PlaybookKeys.belongs(key);
        String takes =
            "the playbook takes "
                + String.join(", ", PlaybookKeys.PLAYBOOK)
                + " at its top, before the first [[tasks]]";
        throw check.error(
            toml,
            key,
            "unknown key \"" + key + "\" at the top of the playbook",
            elsewhere.isEmpty()
                ? KeyCheck.hint(key, PlaybookKeys.PLAYBOOK, takes)
                : key
                    + " is a key of "
                    + KeyCheck.words(elsewhere)
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
}
