package dev.mailpush.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlTable;

/**
 * One {@code [[tasks]]} entry as written.
 *
 * @param when the inventory flags that must all hold: those of the includes the task came through,
 *     outermost first, then the task's own {@code when}
 * @param vars the task's {@code [tasks.vars]}, in the order written
 */
record TaskSpec(
    String name,
    String action,
    String where,
    TomlTable table,
    List<FileEntry> files,
    List<String> notifies,
    List<Condition> when,
    String whenVersion,
    String loopOver,
    List<String> loop,
    int loopCount,
    Map<String, TaskVar> vars) {

  TaskSpec {
    when = List.copyOf(when);
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }

  /**
   * A {@code when} expression and where it was written (the task, or the include that brought the
   * task in).
   */
  record Condition(String expression, String where) {}

  /** The same task brought in by an include with {@code when}: that condition comes first. */
  TaskSpec under(Condition include) {
    List<Condition> all = new ArrayList<>();
    all.add(include);
    all.addAll(when);
    return new TaskSpec(
        name,
        action,
        where,
        table,
        files,
        notifies,
        all,
        whenVersion,
        loopOver,
        loop,
        loopCount,
        vars);
  }
}
