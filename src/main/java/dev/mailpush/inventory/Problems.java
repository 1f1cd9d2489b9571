package dev.mailpush.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.TomlPosition;

/**
 * Collects problems for one file. Identical problems are reported once: a bad default is checked
 * once per host that inherits it, and a problem that only some hosts have names those hosts.
 */
final class Problems implements ProblemSink {
  private final Path file;
  private final Map<Key, Set<String>> found = new LinkedHashMap<>();

  private record Key(int line, int column, String message, String hint) {}

  Problems(Path file) {
    this.file = file;
  }

  @Override
  public void add(TomlPosition at, String message, String hint) {
    found.computeIfAbsent(
        new Key(at.line(), at.column(), message, hint), k -> new LinkedHashSet<>());
  }

  /**
   * A problem of one host's merged settings, possibly written in a table that several hosts share.
   */
  void addForHost(String host, TomlPosition at, String message, String hint) {
    found
        .computeIfAbsent(new Key(at.line(), at.column(), message, hint), k -> new LinkedHashSet<>())
        .add(host);
  }

  /** A problem of the whole file, such as not being readable. */
  void addForFile(String message, String hint) {
    found.computeIfAbsent(new Key(0, 0, message, hint), k -> new LinkedHashSet<>());
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<Problem> sorted() {
    List<Problem> problems = new ArrayList<>();
    found.forEach(
        (k, hosts) ->
            problems.add(
                new Problem(file, k.line(), k.column(), k.message() + suffix(hosts), k.hint())));
    problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    return problems;
  }

  void throwIfAny() {
    if (!isEmpty()) {
      throw new InventoryException(sorted());
    }
  }

  private static String suffix(Set<String> hosts) {
    if (hosts.isEmpty()) {
      return "";
    }
    String names = hosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
    return hosts.size() == 1 ? " (host " + names + ")" : " (hosts " + names + ")";
  }
}
