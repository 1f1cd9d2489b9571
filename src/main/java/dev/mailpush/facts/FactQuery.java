package dev.mailpush.facts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The facts some tasks need: gathered together in one probe so a host costs one round trip.
 *
 * @param guards shell conditions (a command's {@code unless}) whose exit status is wanted
 * @param stagingDirs directories to look in for staging files earlier runs left behind ({@link
 *     StagingFiles})
 */
public record FactQuery(
    Set<String> packages,
    Set<String> paths,
    Set<String> services,
    Set<String> users,
    List<String> guards,
    Set<String> contents,
    Set<String> stagingDirs) {

  public FactQuery {
    packages = Set.copyOf(packages);
    paths = Set.copyOf(paths);
    services = Set.copyOf(services);
    users = Set.copyOf(users);
    guards = List.copyOf(new LinkedHashSet<>(guards));
    contents = Set.copyOf(contents);
    stagingDirs = Set.copyOf(stagingDirs);
  }

  public FactQuery(
      Set<String> packages,
      Set<String> paths,
      Set<String> services,
      Set<String> users,
      List<String> guards) {
    this(packages, paths, services, users, guards, Set.of(), Set.of());
  }

  /** Leftover staging files beside any of {@code paths}: in their directories. */
  public static FactQuery stagingBeside(Set<String> paths) {
    Set<String> dirs = new LinkedHashSet<>();
    for (String p : paths) {
      int slash = p.lastIndexOf('/');
      if (slash >= 0) {
        dirs.add(slash == 0 ? "/" : p.substring(0, slash));
      }
    }
    return new FactQuery(Set.of(), Set.of(), Set.of(), Set.of(), List.of(), Set.of(), dirs);
  }

  /** Small files whose bytes are wanted (public keys, DNS records to report). */
  public static FactQuery contents(Set<String> paths) {
    return new FactQuery(Set.of(), Set.of(), Set.of(), Set.of(), List.of(), paths, Set.of());
  }

  public static FactQuery none() {
    return new FactQuery(Set.of(), Set.of(), Set.of(), Set.of(), List.of());
  }

  public static FactQuery packages(Set<String> names) {
    return new FactQuery(names, Set.of(), Set.of(), Set.of(), List.of());
  }

  public static FactQuery paths(Set<String> paths) {
    return new FactQuery(Set.of(), paths, Set.of(), Set.of(), List.of());
  }

  public static FactQuery services(Set<String> units) {
    return new FactQuery(Set.of(), Set.of(), units, Set.of(), List.of());
  }

  public static FactQuery users(Set<String> names) {
    return new FactQuery(Set.of(), Set.of(), Set.of(), names, List.of());
  }

  public static FactQuery guards(List<String> conditions) {
    return new FactQuery(Set.of(), Set.of(), Set.of(), Set.of(), conditions);
  }

  public FactQuery plus(FactQuery other) {
    List<String> allGuards = new ArrayList<>(guards);
    allGuards.addAll(other.guards);
    return new FactQuery(
        union(packages, other.packages),
        union(paths, other.paths),
        union(services, other.services),
        union(users, other.users),
        allGuards,
        union(contents, other.contents),
        union(stagingDirs, other.stagingDirs));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
