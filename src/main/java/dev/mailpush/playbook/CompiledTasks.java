package dev.mailpush.playbook;

import dev.mailpush.engine.Play;
import dev.mailpush.engine.Task;
import dev.mailpush.tasks.ConditionalTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For code that reads the tasks of a compiled {@link Play} rather than running them (such as the
 * list of packages and services {@code facts} probes): what each task may turn out to be.
 */
public final class CompiledTasks {
  private CompiledTasks() {}

  /**
   * The tasks that may plan in the place of {@code task} once the host's facts are known: the task
   * itself, or, through the wrappers the compiler adds, the task a {@code when_version} guards and
   * each variant of a task whose {@code [tasks.vars]} depend on versions, in the order compiled. An
   * action's own task (a {@code PackagesTask}, a {@code ServiceTask}, ...) is never wrapped
   * further, so callers can match on its type.
   */
  public static List<Task> candidates(Task task) {
    if (task instanceof ConditionalTask c) {
      return candidates(c.inner());
    }
    if (task instanceof VersionedTask v) {
      List<Task> out = new ArrayList<>();
      for (Map<String, Object> values : v.vars().variants()) {
        out.addAll(candidates(v.variants().get(values)));
      }
      return out;
    }
    return List.of(task);
  }
}
