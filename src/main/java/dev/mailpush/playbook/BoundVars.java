package dev.mailpush.playbook;

import dev.mailpush.facts.HostFacts;
import dev.mailpush.tasks.VersionCondition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's variables bound to one host (and loop item): every {@code when} decided from the
 * inventory and every string rendered, so only the {@code when_version} choices are left, to be
 * decided at plan time from the installed versions. {@link #variants} lists every set of values the
 * host could end up with, so that each is compiled (and its templates checked) before any host is
 * contacted.
 */
final class BoundVars {
  /** At most this many distinct version conditions per task: each doubles the variants compiled. */
  static final int MAX_CONDITIONS = 4;

  /** What is left of a variable once the inventory is known. */
  private sealed interface Node {}

  private record Value(Object value) implements Node {}

  private record ByVersion(VersionCondition condition, Object then, Node otherwise)
      implements Node {}

  /**
   * The outcome at plan time: the values, or the package a condition reads that is not installed
   * yet.
   */
  record Resolution(Optional<Map<String, Object>> values, String missingPackage) {}

  private final Map<String, Node> vars;

  private BoundVars(Map<String, Node> vars) {
    this.vars = vars;
  }

  static BoundVars bind(Map<String, TaskVar> specs, Map<String, Object> scope, String where) {
    Map<String, Node> out = new LinkedHashMap<>();
    specs.forEach((name, spec) -> out.put(name, node(spec, scope, where)));
    BoundVars bound = new BoundVars(out);
    if (bound.conditions().size() > MAX_CONDITIONS) {
      throw new PlaybookException(
          where,
          "the task's vars depend on "
              + bound.conditions().size()
              + " version conditions "
              + bound.conditions()
              + "; at most "
              + MAX_CONDITIONS
              + " are allowed",
          "split the task into tasks with their own when_version");
    }
    return bound;
  }

  private static Node node(TaskVar spec, Map<String, Object> scope, String where) {
    if (spec instanceof TaskVar.Fixed f) {
      return new Value(render(f.value(), scope, where));
    }
    TaskVar.Choice c = (TaskVar.Choice) spec;
    if (c.when() != null && !When.holds(c.when(), scope, c.where())) {
      return node(c.otherwise(), scope, where);
    }
    Object then = render(c.value(), scope, c.where());
    return c.whenVersion() == null
        ? new Value(then)
        : new ByVersion(c.whenVersion(), then, node(c.otherwise(), scope, where));
  }

  private static Object render(Object value, Map<String, Object> scope, String where) {
    return value instanceof String s && s.contains("{{")
        ? Templates.render(where, s, scope)
        : value;
  }

  /** The version conditions some value depends on, in order of appearance. */
  List<VersionCondition> conditions() {
    Set<VersionCondition> out = new LinkedHashSet<>();
    for (Node n : vars.values()) {
      while (n instanceof ByVersion b) {
        out.add(b.condition());
        n = b.otherwise();
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every set of values some combination of installed versions gives; one when nothing depends on a
   * version.
   */
  List<Map<String, Object>> variants() {
    List<VersionCondition> conditions = conditions();
    Set<Map<String, Object>> out = new LinkedHashSet<>();
    for (int bits = 0; bits < 1 << conditions.size(); bits++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : vars.entrySet()) {
        Node n = e.getValue();
        while (n instanceof ByVersion b) {
          // Bit clear first: the first variant is the one in which every condition holds.
          n = next(b, (bits & 1 << conditions.indexOf(b.condition())) == 0);
        }
        values.put(e.getKey(), ((Value) n).value());
      }
      out.add(values);
    }
    return new ArrayList<>(out);
  }

  /**
   * The values on a host: each condition read, only as far as needed, from the installed packages.
   */
  Resolution resolve(HostFacts facts) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : vars.entrySet()) {
      Node n = e.getValue();
      while (n instanceof ByVersion b) {
        Optional<Boolean> holds = b.condition().holds(facts);
        if (holds.isEmpty()) {
          return new Resolution(Optional.empty(), b.condition().pkg());
        }
        n = next(b, holds.get());
      }
      values.put(e.getKey(), ((Value) n).value());
    }
    return new Resolution(Optional.of(values), "");
  }

  private static Node next(ByVersion b, boolean holds) {
    return holds ? new Value(b.then()) : b.otherwise();
  }
}
