package dev.mailpush.playbook;

import dev.mailpush.engine.Task;
import dev.mailpush.inventory.HostConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task(s) of one spec in one scope, its {@code [tasks.vars]} bound first. When some depend on
 * installed versions, the task is compiled once per set of values they can take, so every template
 * is checked before any host is contacted, and planned as the one the host's facts pick ({@link
 * VersionedTask}).
 */
final class TaskVariants {
  private TaskVariants() {}

  static List<Task> compile(
      TaskSpec spec, Map<String, Object> scope, HostConfig host, TemplateFiles templates) {
    BoundVars vars = BoundVars.bind(spec.vars(), scope, spec.where());
    List<Map<String, Object>> variants = vars.variants();
    List<List<Task>> compiled = new ArrayList<>();
    for (Map<String, Object> values : variants) {
      Map<String, Object> withVars = new HashMap<>(scope);
      withVars.putAll(values);
      compiled.add(
          ActionTasks.of(spec, new ScopeRenderer(spec.where(), withVars, templates), host));
    }
    if (variants.size() == 1) {
      return compiled.get(0);
    }
    return merge(spec, vars, variants, compiled);
  }

  /**
   * One {@link VersionedTask} per task of the action (a {@code mail_users} spec makes several),
   * choosing among that task's variants.
   *
   * @param compiled for each set of values in {@code variants}, the tasks compiled with it
   */
  private static List<Task> merge(
      TaskSpec spec,
      BoundVars vars,
      List<Map<String, Object>> variants,
      List<List<Task>> compiled) {
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < compiled.get(0).size(); i++) {
      Map<Map<String, Object>, Task> byValues = new HashMap<>();
      Set<String> names = new LinkedHashSet<>();
      for (int v = 0; v < variants.size(); v++) {
        Task t = compiled.get(v).get(i);
        byValues.put(variants.get(v), t);
        names.add(t.name());
      }
      if (names.size() > 1) {
        throw new PlaybookException(
            spec.where(),
            "the name of task \""
                + spec.name()
                + "\" depends on a variable"
                + " decided by when_version (it would be "
                + String.join(" or ", names.stream().map(n -> "\"" + n + "\"").toList())
                + ")",
            "the name is shown before the host's versions are known: leave version-dependent"
                + " variables out of it");
      }
      out.add(new VersionedTask(names.iterator().next(), vars, byValues));
    }
    return out;
  }
}
