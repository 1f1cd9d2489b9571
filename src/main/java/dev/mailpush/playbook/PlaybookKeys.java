package dev.mailpush.playbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of a playbook's tables and their TOML types: the keys every task takes, those each
 * action adds, those of a {@code [[tasks.files]]} entry, of each kind of handler, of an include
 * entry and of the playbook itself. {@link Schema} checks tables against these sets; {@link
 * #belongs} lets its messages say where a misplaced key would go.
 */
final class PlaybookKeys {
  private PlaybookKeys() {}

  /** The keys every task may have, whatever its action. */
  static final Map<String, KeyType> COMMON =
      keys(
          "name",
          KeyType.STRING,
          "notify",
          KeyType.STRINGS,
          "when",
          KeyType.STRING,
          "when_version",
          KeyType.STRING,
          "loop",
          KeyType.STRINGS,
          "loop_count",
          KeyType.INTEGER,
          "loop_over",
          KeyType.STRING,
          "vars",
          KeyType.TABLE);

  /** Each action's own keys, the action key first. */
  static final Map<String, Map<String, KeyType>> ACTIONS = new LinkedHashMap<>();

  static {
    ACTIONS.put("packages", keys("packages", KeyType.STRINGS));
    ACTIONS.put(
        "file",
        keys(
            "file",
            KeyType.STRING,
            "template",
            KeyType.STRING,
            "content",
            KeyType.STRING,
            "mode",
            KeyType.STRING,
            "owner",
            KeyType.STRING,
            "group",
            KeyType.STRING,
            "secret",
            KeyType.BOOLEAN));
    ACTIONS.put("files", keys("files", KeyType.TABLES, "validate", KeyType.STRINGS));
    ACTIONS.put(
        "directory",
        keys(
            "directory",
            KeyType.STRING,
            "mode",
            KeyType.STRING,
            "owner",
            KeyType.STRING,
            "group",
            KeyType.STRING));
    ACTIONS.put(
        "service",
        keys("service", KeyType.STRING, "state", KeyType.STRING, "enabled", KeyType.BOOLEAN));
    ACTIONS.put(
        "user",
        keys("user", KeyType.STRING, "shell", KeyType.STRING, "password_hash", KeyType.STRING));
    ACTIONS.put("mail_users", keys("mail_users", KeyType.BOOLEAN));
    ACTIONS.put(
        "command",
        keys("command", KeyType.STRINGS, "creates", KeyType.STRING, "unless", KeyType.STRING));
    ACTIONS.put("report", keys("report", KeyType.STRING));
    ACTIONS.put("acme_certificate", keys("acme_certificate", KeyType.BOOLEAN));
    ACTIONS.put("backup_secrets", keys("backup_secrets", KeyType.BOOLEAN));
    ACTIONS.put("relay_secrets", keys("relay_secrets", KeyType.BOOLEAN));
    ACTIONS.put("dkim_tables", keys("dkim_tables", KeyType.BOOLEAN));
  }

  static final Map<String, KeyType> FILE_ENTRY =
      keys(
          "path",
          KeyType.STRING,
          "template",
          KeyType.STRING,
          "content",
          KeyType.STRING,
          "mode",
          KeyType.STRING,
          "owner",
          KeyType.STRING,
          "group",
          KeyType.STRING,
          "secret",
          KeyType.BOOLEAN);

  /** Handlers by kind: restart/reload a unit, or run a command. */
  static final Map<String, Map<String, KeyType>> HANDLERS = new LinkedHashMap<>();

  static {
    HANDLERS.put(
        "service",
        keys("name", KeyType.STRING, "service", KeyType.STRING, "action", KeyType.STRING));
    HANDLERS.put("command", keys("name", KeyType.STRING, "command", KeyType.STRINGS));
  }

  static final Map<String, KeyType> INCLUDE = keys("file", KeyType.STRING, "when", KeyType.STRING);

  /** The playbook's own keys ({@code include} is checked entry by entry). */
  static final Set<String> PLAYBOOK = Set.of("name", "description", "include", "tasks", "handlers");

  /** Where else a key is allowed, e.g. "file tasks, directory tasks, [[tasks.files]] entries". */
  static List<String> belongs(String key) {
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
    // A key every task takes (name) is listed once, not again for handlers and the playbook.
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

  /** Whether some table of a playbook takes the key. */
  static boolean known(String key) {
    return allKeys().contains(key);
  }

  /** Every key some table takes, in the order of the sets above. */
  static Set<String> allKeys() {
    Set<String> all = new LinkedHashSet<>(COMMON.keySet());
    ACTIONS.values().forEach(k -> all.addAll(k.keySet()));
    all.addAll(FILE_ENTRY.keySet());
    HANDLERS.values().forEach(k -> all.addAll(k.keySet()));
    all.addAll(PLAYBOOK);
    return all;
  }

  /** An ordered map from alternating names and types. */
  private static Map<String, KeyType> keys(Object... pairs) {
    Map<String, KeyType> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (KeyType) pairs[i + 1]);
    }
    return Collections.unmodifiableMap(out);
  }
}
