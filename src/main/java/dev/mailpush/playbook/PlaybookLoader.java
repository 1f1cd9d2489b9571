package dev.mailpush.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a TOML playbook: ordered {@code [[tasks]]} and {@code [[handlers]]}. The structure is checked here,
 * with file:line for every problem, before any inventory value is substituted or any host contacted.
 */
public final class PlaybookLoader {
  static final Set<String> ACTIONS = Set.of("packages", "file", "directory", "service", "user", "command", "files");
  private static final Set<String> TASK_KEYS = Set.of("name", "packages", "file", "directory", "service", "user",
      "command", "files", "template", "content", "mode", "owner", "group", "secret", "notify", "when", "loop",
      "loop_count", "state", "enabled", "shell", "password_hash", "creates", "unless", "validate");
  private static final Set<String> FILE_KEYS = Set.of("path", "template", "content", "mode", "owner", "group", "secret");
  private static final Set<String> HANDLER_KEYS = Set.of("name", "service", "action", "command");

  private PlaybookLoader() {}

  public static Playbook load(PlaybookSource source, String file) {
    String where = source.describe(file);
    String text = source.read(file).orElseThrow(() -> new PlaybookException(where, "no such playbook",
        "give the path of a playbook file, or a built-in name such as mailserver"));
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      var e = toml.errors().get(0);
      throw new PlaybookException(where + ":" + e.position().line() + ":" + e.position().column(),
          e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""), "the playbook must be valid TOML 1.0");
    }
    Checker check = new Checker(where);
    check.keys(toml, "", Set.of("name", "description", "tasks", "handlers"));
    String name = toml.getString("name", () -> file);
    List<TaskSpec> tasks = new ArrayList<>();
    TomlArray taskArray = check.tableArray(toml, "tasks");
    for (int i = 0; i < taskArray.size(); i++) {
      tasks.add(task(check, taskArray.getTable(i), i));
    }
    List<HandlerSpec> handlers = new ArrayList<>();
    TomlArray handlerArray = check.tableArray(toml, "handlers");
    for (int i = 0; i < handlerArray.size(); i++) {
      TomlTable h = handlerArray.getTable(i);
      check.keys(h, "handlers[" + i + "]", HANDLER_KEYS);
      String hName = check.requiredString(h, "name");
      if (h.contains("service") == h.contains("command")) {
        throw check.error(h, "name", "handler \"" + hName + "\" needs exactly one of service or command",
            "service = \"postfix\" with action = \"reload\", or command = [\"argv\", ...]");
      }
      String action = h.getString("action", () -> "restart");
      if (!Set.of("restart", "reload", "reload-or-restart").contains(action)) {
        throw check.error(h, "action", "action must be restart, reload or reload-or-restart", "");
      }
      handlers.add(new HandlerSpec(hName, h.getString("service"), action, check.stringList(h, "command")));
    }
    for (TaskSpec t : tasks) {
      for (String n : t.notifies()) {
        if (handlers.stream().noneMatch(h -> h.name().equals(n))) {
          throw new PlaybookException(where + ":" + t.line(), "task \"" + t.name() + "\" notifies \"" + n
              + "\", which no [[handlers]] entry defines", "add a handler with that name or fix the spelling");
        }
      }
    }
    return new Playbook(name, source, file, tasks, handlers);
  }

  private static TaskSpec task(Checker check, TomlTable t, int index) {
    check.keys(t, "tasks[" + index + "]", TASK_KEYS);
    int line = check.line(t);
    List<String> actions = ACTIONS.stream().filter(t::contains).sorted().toList();
    if (actions.size() != 1) {
      throw new PlaybookException(check.where() + ":" + line,
          "task " + (index + 1) + " must have exactly one action key, found " + (actions.isEmpty() ? "none" : actions),
          "one of " + ACTIONS.stream().sorted().toList());
    }
    String action = actions.get(0);
    String name = t.getString("name", () -> action + " " + index);
    List<FileEntry> files = new ArrayList<>();
    if (action.equals("files")) {
      TomlArray arr = t.getArray("files");
      if (arr == null || arr.isEmpty() || !(arr.get(0) instanceof TomlTable)) {
        throw check.error(t, "files", "files must be an array of tables ([[tasks.files]])", "");
      }
      for (int i = 0; i < arr.size(); i++) {
        TomlTable f = arr.getTable(i);
        check.keys(f, "files[" + i + "]", FILE_KEYS);
        files.add(fileEntry(check, f, check.requiredString(f, "path")));
      }
    } else if (action.equals("file")) {
      files.add(fileEntry(check, t, check.requiredString(t, "file")));
    }
    Long loopCount = t.getLong("loop_count");
    return new TaskSpec(
        name,
        action,
        line,
        t,
        files,
        check.stringList(t, "notify"),
        t.getString("when"),
        check.stringList(t, "loop"),
        loopCount == null ? 0 : loopCount.intValue());
  }

  private static FileEntry fileEntry(Checker check, TomlTable t, String path) {
    if (t.contains("template") == t.contains("content")) {
      throw check.error(t, t.contains("template") ? "template" : "mode",
          "file " + path + " needs exactly one of template or content", "template = \"templates/x.conf.mustache\"");
    }
    return new FileEntry(path, t.getString("template"), t.getString("content"), t.getString("mode", () -> "0644"),
        t.getString("owner"), t.getString("group"), Boolean.TRUE.equals(t.getBoolean("secret")));
  }
}
