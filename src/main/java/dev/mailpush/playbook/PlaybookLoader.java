package dev.mailpush.playbook;

import java.util.ArrayList;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads a TOML playbook: ordered {@code [[tasks]]} and {@code [[handlers]]}. The structure is
 * checked here, with file:line for every problem, before any inventory value is substituted or any
 * host contacted.
 */
public final class PlaybookLoader {
  private PlaybookLoader() {}

  public static Playbook load(PlaybookSource source, String file) {
    return load(source, file, new java.util.ArrayList<>());
  }

  private static Playbook load(PlaybookSource source, String file, List<String> including) {
    String where = source.describe(file);
    if (including.contains(file)) {
      throw new PlaybookException(
          where, "includes itself (through " + including + ")", "remove the cycle");
    }
    String text =
        source
            .read(file)
            .orElseThrow(
                () ->
                    new PlaybookException(
                        where,
                        "no such playbook",
                        "give the path of a playbook file, or a built-in name such as mailserver"));
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      var e = toml.errors().get(0);
      throw new PlaybookException(
          where + ":" + e.position().line() + ":" + e.position().column(),
          e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""),
          "the playbook must be valid TOML 1.0");
    }
    Checker check = new Checker(where);
    Schema.playbook(check, toml);
    String name = toml.getString("name", () -> file);
    List<TaskSpec> tasks = new ArrayList<>();
    List<HandlerSpec> handlers = new ArrayList<>();
    // Included playbooks come first, in order; their paths are relative to the same playbook root.
    for (Include inc : includes(check, toml)) {
      List<String> chain = new ArrayList<>(including);
      chain.add(file);
      Playbook sub = load(source, inc.file(), chain);
      for (TaskSpec t : sub.tasks()) {
        tasks.add(inc.when() == null ? t : t.under(inc.when()));
      }
      handlers.addAll(sub.handlers());
    }
    TomlArray taskArray = check.tableArray(toml, "tasks");
    for (int i = 0; i < taskArray.size(); i++) {
      tasks.add(task(check, taskArray.getTable(i), i));
    }
    TomlArray handlerArray = check.tableArray(toml, "handlers");
    for (int i = 0; i < handlerArray.size(); i++) {
      TomlTable h = handlerArray.getTable(i);
      String hName = check.requiredString(h, "name");
      String kind = Schema.handler(check, h, hName);
      if (handlers.stream().anyMatch(existing -> existing.name().equals(hName))) {
        throw check.error(
            h,
            "name",
            "handler \"" + hName + "\" is defined twice",
            "give each handler its own name");
      }
      handlers.add(
          kind.equals("service")
              ? new HandlerSpec(
                  hName, h.getString("service"), h.getString("action", () -> "restart"), List.of())
              : new HandlerSpec(hName, null, null, check.stringList(h, "command")));
    }
    // Fragments may notify handlers another fragment defines: check once, for the whole playbook.
    for (TaskSpec t : including.isEmpty() ? tasks : List.<TaskSpec>of()) {
      for (String n : t.notifies()) {
        if (handlers.stream().noneMatch(h -> h.name().equals(n))) {
          throw new PlaybookException(
              t.where(),
              "task \""
                  + t.name()
                  + "\" notifies \""
                  + n
                  + "\", which no [[handlers]] entry defines",
              "add a handler with that name or fix the spelling");
        }
      }
    }
    return new Playbook(name, source, file, tasks, handlers);
  }

  /**
   * One entry of {@code include}: a file name, or {@code { file = "...", when = "mail.enable_x" }}.
   */
  private record Include(String file, TaskSpec.Condition when) {}

  private static List<Include> includes(Checker check, TomlTable toml) {
    if (!toml.contains("include")) {
      return List.of();
    }
    String hint =
        "include = [\"part.toml\", { file = \"other.toml\", when = \"mail.enable_antispam\" }]";
    if (!toml.isArray("include")) {
      throw check.error(toml, "include", "include must be an array", hint);
    }
    List<Include> out = new ArrayList<>();
    TomlArray arr = toml.getArray("include");
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.get(i);
      if (v instanceof String name) {
        out.add(new Include(name, null));
      } else if (v instanceof TomlTable entry) {
        Schema.include(check, entry, i);
        String name = check.requiredString(entry, "file");
        TaskSpec.Condition when =
            entry.contains("when")
                ? new TaskSpec.Condition(
                    check.requiredString(entry, "when"), check.where() + ":" + check.line(entry))
                : null;
        out.add(new Include(name, when));
      } else {
        throw check.error(
            toml,
            "include",
            "include[" + i + "] must be a file name or a table with file and when",
            hint);
      }
    }
    return out;
  }

  private static TaskSpec task(Checker check, TomlTable t, int index) {
    String action = Schema.action(check, t, index);
    Schema.task(check, t, action);
    int line = check.line(t);
    String name = t.getString("name", () -> action + " " + index);
    List<FileEntry> files = new ArrayList<>();
    if (action.equals("files")) {
      TomlArray arr = t.getArray("files");
      for (int i = 0; i < arr.size(); i++) {
        TomlTable f = arr.getTable(i);
        Schema.fileEntry(check, f, i);
        files.add(fileEntry(check, f, check.requiredString(f, "path")));
      }
    } else if (action.equals("file")) {
      files.add(fileEntry(check, t, check.requiredString(t, "file")));
    }
    Long loopCount = t.getLong("loop_count");
    if (t.contains("when_version")) {
      try {
        dev.mailpush.tasks.VersionCondition.parse(t.getString("when_version"));
      } catch (IllegalArgumentException e) {
        throw check.error(t, "when_version", e.getMessage(), "");
      }
    }
    int loops =
        (t.contains("loop") ? 1 : 0)
            + (t.contains("loop_count") ? 1 : 0)
            + (t.contains("loop_over") ? 1 : 0);
    if (loops > 1) {
      throw check.error(t, "loop", "use one of loop, loop_count and loop_over", "");
    }
    return new TaskSpec(
        name,
        action,
        check.where() + ":" + line,
        t,
        files,
        check.stringList(t, "notify"),
        t.contains("when")
            ? List.of(
                new TaskSpec.Condition(check.requiredString(t, "when"), check.where() + ":" + line))
            : List.of(),
        t.getString("when_version"),
        t.getString("loop_over"),
        check.stringList(t, "loop"),
        loopCount == null ? 0 : loopCount.intValue(),
        TaskVar.read(check, t));
  }

  private static FileEntry fileEntry(Checker check, TomlTable t, String path) {
    if (t.contains("template") == t.contains("content")) {
      throw check.error(
          t,
          t.contains("template") ? "template" : "mode",
          "file " + path + " needs exactly one of template or content",
          "template = \"templates/x.conf.mustache\"");
    }
    return new FileEntry(
        path,
        t.getString("template"),
        t.getString("content"),
        t.getString("mode", () -> "0644"),
        t.getString("owner"),
        t.getString("group"),
        Boolean.TRUE.equals(t.getBoolean("secret")));
  }
}
