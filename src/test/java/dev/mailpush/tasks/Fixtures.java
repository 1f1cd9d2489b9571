package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PackageState;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.ServiceState;
import dev.mailpush.facts.UserState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds facts for planner tests: "given these facts, expect exactly these commands". */
final class Fixtures {
  static final Distro DEBIAN = Distro.detect(new OsRelease("debian", "12", List.of(), "Debian 12"));
  static final Distro ROCKY =
      Distro.detect(new OsRelease("rocky", "9.4", List.of("rhel", "centos", "fedora"), "Rocky 9"));

  final Map<String, PackageState> packages = new HashMap<>();
  final Map<String, PathState> paths = new HashMap<>();
  final Map<String, ServiceState> services = new HashMap<>();
  final Map<String, UserState> users = new HashMap<>();
  final Map<String, Boolean> guards = new HashMap<>();
  final Map<String, java.util.Optional<byte[]>> contents = new HashMap<>();

  Fixtures installed(String... names) {
    for (String n : names) {
      packages.put(n, new PackageState.Installed("1.0"));
    }
    return this;
  }

  Fixtures absent(String... names) {
    for (String n : names) {
      packages.put(n, new PackageState.Absent());
    }
    return this;
  }

  Fixtures path(String path, PathState state) {
    paths.put(path, state);
    return this;
  }

  Fixtures service(String unit, String active, String enabled) {
    services.put(unit, new ServiceState(active, enabled));
    return this;
  }

  Fixtures user(String name, UserState state) {
    users.put(name, state);
    return this;
  }

  Fixtures guard(String condition, boolean succeeds) {
    guards.put(condition, succeeds);
    return this;
  }

  HostFacts facts() {
    return new HostFacts(
        new OsRelease("debian", "12", List.of(), "Debian 12"),
        packages,
        paths,
        services,
        users,
        guards,
        contents,
        Set.of());
  }

  /** The argv of every command step, or the path of every write, in order. */
  static List<String> commands(Plan plan) {
    return ((Plan.Changes) plan).steps().stream().map(Fixtures::render).toList();
  }

  private static String render(Step s) {
    if (s instanceof Step.RunCommand r) {
      return String.join(" ", r.request().argv());
    }
    if (s instanceof Step.WriteFile w) {
      return "write " + w.path() + " " + w.mode() + " " + w.owner();
    }
    Step.ValidatedWrite v = (Step.ValidatedWrite) s;
    return "validated "
        + v.files().stream().map(Step.WriteFile::path).toList()
        + " with "
        + String.join(" ", v.validator());
  }
}
