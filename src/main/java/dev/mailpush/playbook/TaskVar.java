package dev.mailpush.playbook;

import dev.mailpush.tasks.VersionCondition;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/**
 * One entry of a task's {@code [tasks.vars]}, as written: a value, or a choice between two values
 * by an inventory flag ({@code when}, decided when the playbook is compiled for a host) and/or an
 * installed package's version ({@code when_version}, decided when the task is planned against the
 * host's facts).
 *
 * <pre>
 * [tasks.vars]
 * compatibility_level = { when_version = "postfix >= 3.6", value = "3.6", else = "2" }
 * </pre>
 */
sealed interface TaskVar {
  /** Names a template already uses for something else. */
  Set<String> RESERVED =
      Set.of("host", "mail", "tls", "backup", "alerts", "resolver", "play", "vars", "item");

  Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  Set<String> CHOICE_KEYS = Set.of("when", "when_version", "value", "else");

  /**
   * A string, integer or boolean; strings are rendered (Mustache) like every other string of the
   * task.
   */
  record Fixed(Object value) implements TaskVar {}

  /**
   * {@code value} when {@code when} (if given) and {@code whenVersion} (if given) hold, {@code
   * otherwise} when not. {@code where} is the file:line of the choice, for errors found when it is
   * evaluated.
   */
  record Choice(
      String when, VersionCondition whenVersion, Object value, TaskVar otherwise, String where)
      implements TaskVar {}

  /**
   * Reads {@code [tasks.vars]} (a table: {@link Schema} checked that); every problem is reported at
   * its file:line.
   */
  static Map<String, TaskVar> read(Checker check, TomlTable task) {
    if (!task.contains("vars")) {
      return Map.of();
    }
    TomlTable vars = task.getTableOrEmpty("vars");
    Map<String, TaskVar> out = new java.util.LinkedHashMap<>();
    for (String name : vars.keySet()) {
      if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
        throw check.error(
            vars,
            name,
            "\"" + name + "\" cannot name a task variable",
            "use lowercase letters, digits and _ (not starting with a digit); host, mail, tls, backup,"
                + " alerts, play, vars and item are taken");
      }
      out.put(name, entry(check, vars, name, false));
    }
    return out;
  }

  private static TaskVar entry(Checker check, TomlTable parent, String key, boolean inElse) {
    Object v = parent.get(key);
    if (v instanceof String || v instanceof Long || v instanceof Boolean) {
      return new Fixed(v);
    }
    if (!(v instanceof TomlTable choice)) {
      throw check.error(
          parent,
          key,
          (inElse ? "else" : "task variable \"" + key + "\"")
              + " must be a string, an integer, a boolean or a choice",
          "a choice is"
              + " { when_version = \"postfix >= 3.6\", value = \"3.6\", else = \"2\" } (or when = \"mail.enable_x\")");
    }
    check.keys(choice, "a task variable's choice", CHOICE_KEYS);
    if (!choice.contains("when") && !choice.contains("when_version")) {
      throw check.error(
          parent,
          key,
          "a choice needs when or when_version (or both)",
          "{ when_version = \"postfix >= 3.6\", value = \"3.6\", else = \"2\" }");
    }
    for (String required : new String[] {"value", "else"}) {
      if (!choice.contains(required)) {
        throw check.error(
            parent,
            key,
            "a choice needs both value and else",
            "value is taken when the condition holds, else when it does not; else may be another choice");
      }
    }
    Object value = choice.get("value");
    if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
      throw check.error(
          choice,
          "value",
          "value must be a string, an integer or a boolean",
          "a further case goes into else: else = { when_version = \"...\", value = \"...\", else = \"...\" }");
    }
    String when = null;
    if (choice.contains("when")) {
      when = check.requiredString(choice, "when");
    }
    VersionCondition version = null;
    if (choice.contains("when_version")) {
      try {
        version = VersionCondition.parse(check.requiredString(choice, "when_version"));
      } catch (IllegalArgumentException e) {
        throw check.error(choice, "when_version", e.getMessage(), "");
      }
    }
    String where = check.where() + ":" + check.line(choice);
    return new Choice(when, version, value, entry(check, choice, "else", true), where);
  }
}
