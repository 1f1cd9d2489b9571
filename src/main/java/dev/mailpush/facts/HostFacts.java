package dev.mailpush.facts;

import java.util.Map;
import java.util.Set;

/**
 * Everything one probe learned about a host. Asking for a fact that was not gathered is a bug in
 * the asking task (it did not declare it in its {@link FactQuery}), so it throws rather than
 * guessing.
 *
 * @param pendingMarks the file names in the pending directory: handlers a previous run made due but
 *     could not fire (it failed first), each named as the engine's PendingMark encodes it
 * @param leftovers stale staging files found in the query's staging directories ({@link
 *     StagingFiles})
 */
public record HostFacts(
    OsRelease os,
    Map<String, PackageState> packages,
    Map<String, PathState> paths,
    Map<String, ServiceState> services,
    Map<String, UserState> users,
    Map<String, Boolean> guards,
    Map<String, java.util.Optional<byte[]>> contents,
    Set<String> pendingMarks,
    Set<String> leftovers) {

  public HostFacts {
    packages = Map.copyOf(packages);
    paths = Map.copyOf(paths);
    services = Map.copyOf(services);
    users = Map.copyOf(users);
    guards = Map.copyOf(guards);
    contents = Map.copyOf(contents);
    pendingMarks = Set.copyOf(pendingMarks);
    leftovers = Set.copyOf(leftovers);
  }

  /** Facts with no staging files left behind (fixtures). */
  public HostFacts(
      OsRelease os,
      Map<String, PackageState> packages,
      Map<String, PathState> paths,
      Map<String, ServiceState> services,
      Map<String, UserState> users,
      Map<String, Boolean> guards,
      Map<String, java.util.Optional<byte[]>> contents,
      Set<String> pendingMarks) {
    this(os, packages, paths, services, users, guards, contents, pendingMarks, Set.of());
  }

  /** The same facts with some paths known to have changed (files this run just wrote). */
  public HostFacts withPaths(Map<String, PathState> changed) {
    Map<String, PathState> updated = new java.util.HashMap<>(paths);
    updated.putAll(changed);
    return new HostFacts(
        os, packages, updated, services, users, guards, contents, pendingMarks, leftovers);
  }

  public PackageState pkg(String name) {
    return require(packages, name, "package");
  }

  public PathState path(String path) {
    return require(paths, path, "path");
  }

  public ServiceState service(String unit) {
    return require(services, unit, "service");
  }

  public UserState user(String name) {
    return require(users, name, "user");
  }

  /** A small file's bytes, or empty when it does not exist. */
  public java.util.Optional<byte[]> content(String path) {
    return require(contents, path, "content");
  }

  /** Whether a guard condition exited 0. */
  public boolean guard(String condition) {
    return require(guards, condition, "guard");
  }

  private static <T> T require(Map<String, T> map, String key, String kind) {
    T value = map.get(key);
    if (value == null) {
      throw new IllegalStateException(
          kind + " fact \"" + key + "\" was not gathered: the task must declare it");
    }
    return value;
  }
}
