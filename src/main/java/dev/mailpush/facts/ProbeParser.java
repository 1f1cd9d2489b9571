package dev.mailpush.facts;

import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the output of {@link ProbeScript} into {@link HostFacts}. Pure, so it is tested on
 * fixtures.
 */
final class ProbeParser {
  private ProbeParser() {}

  /**
   * @throws IllegalArgumentException when the output is truncated (no END marker) or the host has
   *     no readable {@code /etc/os-release}
   */
  public static HostFacts parse(String output, FactQuery query) {
    Map<String, String> os = new HashMap<>();
    Map<String, PackageState> packages = new HashMap<>();
    Map<String, PathState> paths = new HashMap<>();
    Map<String, ServiceState> services = new HashMap<>();
    Map<String, UserState> users = new HashMap<>();
    Map<String, Boolean> guards = new HashMap<>();
    Map<String, Optional<byte[]>> contents = new HashMap<>();
    Set<String> pending = new HashSet<>();
    Set<String> leftovers = new HashSet<>();
    List<String> stagingDirs = query.stagingDirs().stream().sorted().toList();
    Map<String, String> digests = new HashMap<>();
    List<String> unit = new java.util.ArrayList<>();
    boolean complete = false;

    for (String line : output.split("\n", -1)) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "O" -> os.put(f[1], unquote(f[2]));
        case "H" -> pending.add(f[1]);
        case "P" ->
            packages.put(
                f[1],
                f[2].startsWith("ii")
                    ? new PackageState.Installed(f[3])
                    : new PackageState.Absent());
        case "F" -> paths.put(f[1], pathState(f));
        case "D" -> digest(line.substring(2), digests);
        case "S" -> unit.add(f.length > 1 ? f[1] : "");
        case "U" -> users.put(f[1], userState(f));
        case "G" -> guards.put(query.guards().get(Integer.parseInt(f[1])), f[2].equals("0"));
        case "L" -> leftovers.add(beside(stagingDirs.get(Integer.parseInt(f[1])), f[2]));
        case "C" ->
            contents.put(
                f[1],
                f[2].equals("-")
                    ? Optional.empty()
                    : Optional.of(Base64.getDecoder().decode(f[2])));
        case "END" -> complete = true;
        default -> {
          // Blank lines and anything a noisy login shell printed are not ours.
        }
      }
    }
    if (!complete) {
      throw new IllegalArgumentException("the fact probe's output was cut short");
    }
    // A regular file's digest came on its own line (one sha256sum for all files).
    paths.replaceAll(
        (path, state) ->
            state instanceof PathState.RegularFile r
                ? new PathState.RegularFile(
                    digests.getOrDefault(path, ""), r.mode(), r.owner(), r.group(), r.size())
                : state);
    services.putAll(units(unit, query.services().stream().sorted().toList()));
    if (!os.containsKey("ID")) {
      throw new IllegalArgumentException("the host has no readable /etc/os-release");
    }
    // Packages the package manager did not list are not installed.
    for (String name : query.packages()) {
      packages.putIfAbsent(name, new PackageState.Absent());
    }
    OsRelease release =
        new OsRelease(
            os.get("ID"),
            os.getOrDefault("VERSION_ID", ""),
            List.of(os.getOrDefault("ID_LIKE", "").split("\\s+")).stream()
                .filter(s -> !s.isEmpty())
                .toList(),
            os.getOrDefault("PRETTY_NAME", os.get("ID")));
    // A managed file named like a staging file is the playbook's, not a leftover.
    leftovers.removeAll(query.paths());
    return new HostFacts(
        release, packages, paths, services, users, guards, contents, pending, leftovers);
  }

  private static String beside(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** {@code sha256sum} output: "HASH PATH", or "\\HASH PATH" with \\\\ and \\n escaped in PATH. */
  private static void digest(String line, Map<String, String> digests) {
    boolean escaped = line.startsWith("\\");
    String text = escaped ? line.substring(1) : line;
    int gap = text.indexOf("  ");
    if (gap < 0) {
      return;
    }
    String path = text.substring(gap + 2);
    if (escaped) {
      path = path.replace("\\n", "\n").replace("\\\\", "\\");
    }
    digests.put(path, text.substring(0, gap));
  }

  /** {@code systemctl show} blocks (blank-line separated, in the order the units were named). */
  private static Map<String, ServiceState> units(List<String> lines, List<String> names) {
    Map<String, ServiceState> out = new HashMap<>();
    Map<String, String> block = new HashMap<>();
    int index = 0;
    for (String l : lines) {
      if (l.isEmpty()) {
        if (!block.isEmpty() && index < names.size()) {
          boolean found = !"not-found".equals(block.get("LoadState"));
          out.put(
              names.get(index++),
              new ServiceState(
                  block.getOrDefault("ActiveState", "inactive"),
                  found ? block.getOrDefault("UnitFileState", "") : ""));
        }
        block.clear();
      } else {
        int eq = l.indexOf('=');
        if (eq > 0) {
          block.put(l.substring(0, eq), l.substring(eq + 1));
        }
      }
    }
    for (String name : names) {
      out.putIfAbsent(name, new ServiceState("inactive", ""));
    }
    return out;
  }

  private static PathState pathState(String[] f) {
    return switch (f[2]) {
      case "file" ->
          new PathState.RegularFile("", normalizeMode(f[3]), f[4], f[5], Long.parseLong(f[6]));
      case "dir" -> new PathState.Directory(normalizeMode(f[3]), f[4], f[5]);
      case "missing" -> new PathState.Missing();
      default -> new PathState.Other(f[2]);
    };
  }

  private static UserState userState(String[] f) {
    if (f[2].equals("absent")) {
      return new UserState.Absent();
    }
    return new UserState.Present(Integer.parseInt(f[2]), f[3], f[4], f[5]);
  }

  /** stat prints {@code 644}; tasks speak {@code 0644}. */
  static String normalizeMode(String mode) {
    String m = mode;
    while (m.length() < 4) {
      m = "0" + m;
    }
    return m;
  }

  private static String unquote(String value) {
    String v = value.strip();
    if (v.length() >= 2
        && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
