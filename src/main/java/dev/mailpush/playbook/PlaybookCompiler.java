package dev.mailpush.playbook;

import dev.mailpush.engine.Handler;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Task;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.tasks.ConditionalTask;
import dev.mailpush.tasks.ServiceTask;
import dev.mailpush.tasks.VersionCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Binds a playbook to one host: evaluates {@code when}, expands loops, renders every string and
 * template against the host's inventory model, and builds the tasks. Runs for every host before any
 * connection, so a template error stops the run with nothing touched.
 *
 * <p>This class walks the playbook; {@link TaskVariants} binds a task's variables, {@link
 * ActionTasks} builds the tasks of its action and {@link ScopeRenderer} renders their parameters.
 */
public final class PlaybookCompiler {
  private PlaybookCompiler() {}

  public static Play compile(Playbook playbook, HostConfig host) {
    Map<String, Object> model = host.model();
    TemplateFiles templates = new TemplateFiles(playbook.source());
    List<PlayTask> tasks = new ArrayList<>();
    Map<String, Boolean> services = new TreeMap<>();
    for (TaskSpec spec : playbook.tasks()) {
      model.put("play", Map.of("services", servicesLine(services)));
      String where = spec.where();
      if (!spec.when().stream().allMatch(c -> When.holds(c.expression(), model, c.where()))) {
        continue;
      }
      for (Object item : items(spec, model, where)) {
        Map<String, Object> scope = new HashMap<>(model);
        if (item != null) {
          scope.put("item", item);
        }
        for (Task task : TaskVariants.compile(spec, scope, host, templates)) {
          Task guarded =
              spec.whenVersion() == null
                  ? task
                  : new ConditionalTask(task, VersionCondition.parse(spec.whenVersion()));
          tasks.add(new PlayTask(guarded, spec.notifies()));
          addServices(services, guarded);
        }
      }
    }
    List<Handler> handlers = playbook.handlers().stream().map(PlaybookCompiler::handler).toList();
    return new Play(playbook.name(), tasks, handlers);
  }

  /**
   * Remembers the units a task keeps running (timers aside), for {@code play.services}; one that
   * only some releases run (a when_version) is marked {@code ?unit} unless another task runs it
   * everywhere.
   */
  private static void addServices(Map<String, Boolean> services, Task task) {
    boolean versioned = task instanceof ConditionalTask;
    for (Task t : CompiledTasks.candidates(task)) {
      if (t instanceof ServiceTask s && s.running() && !s.unit().endsWith(".timer")) {
        services.merge(s.unit(), versioned, Boolean::logicalAnd);
      }
    }
  }

  /**
   * {@code play.services}: the services the tasks before this one keep running, as the status
   * script takes them ("dovecot ?postsrsd postfix"), so a script installed last checks exactly what
   * the playbook runs.
   */
  private static String servicesLine(Map<String, Boolean> services) {
    Set<String> units = new TreeSet<>();
    services.forEach((unit, versioned) -> units.add(versioned ? "?" + unit : unit));
    return String.join(" ", units);
  }

  /** The loop items of a task, or a single null when it has no loop (then no {@code item}). */
  private static List<Object> items(TaskSpec spec, Map<String, Object> model, String where) {
    if (spec.loopOver() != null) {
      Object value = Model.lookup(model, spec.loopOver(), where);
      if (!(value instanceof List<?> list)) {
        throw new PlaybookException(
            where,
            "loop_over = \"" + spec.loopOver() + "\" is not a list",
            "loop over a list such as mail.virtual_domains or mail.virtual_addresses");
      }
      return List.copyOf(list);
    }
    if (!spec.loop().isEmpty()) {
      return List.copyOf(spec.loop());
    }
    if (spec.loopCount() > 0) {
      return IntStream.rangeClosed(1, spec.loopCount()).boxed().map(Object.class::cast).toList();
    }
    List<Object> once = new ArrayList<>();
    once.add(null);
    return once;
  }

  private static Handler handler(HandlerSpec h) {
    return h.service() != null
        ? new Handler(
            h.name(), List.of("systemctl", h.action(), h.service()), Optional.of(h.service()))
        : new Handler(h.name(), h.command());
  }
}
