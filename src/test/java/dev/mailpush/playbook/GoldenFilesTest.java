package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Handler;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PackageState;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.ServiceState;
import dev.mailpush.facts.UserState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.ssh.ShellQuote;
import dev.mailpush.tasks.PackagesTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the built-in mail server playbook ({@code mailserver.toml}), so that a change of
 * a template or a playbook shows up as a reviewable diff of the configuration files it produces.
 *
 * <p>For each fixture inventory ({@code src/test/resources/golden/FIXTURE/inventory.toml}, one
 * host) and each Debian release, the playbook is compiled for the fixture's host and planned, task
 * by task, against the facts of a fresh host of that release: nothing there yet, and once the plan
 * installs packages they are installed at that release's versions (which pick the version-dependent
 * variants: Postfix's compatibility level, the Dovecot 2.3 or 2.4 syntax, spamd's unit). Then
 *
 * <ul>
 *   <li>every file the plan writes must equal {@code golden/FIXTURE/RELEASE/PATH} (PATH as on the
 *       host), and no other file may be there;
 *   <li>the plan itself, task by task (each file written with its mode and owner, each command's
 *       argv, each skip and its reason, the handlers), must equal {@code
 *       golden/FIXTURE/RELEASE.plan}.
 * </ul>
 *
 * A mismatch fails with a unified diff of every file that differs.
 *
 * <p>After an intended change, regenerate the golden files and review them with the change:
 *
 * <pre>
 *   mvn -q test -Dtest=GoldenFilesTest -Dgolden.update=true
 *   git diff src/test/resources/golden
 * </pre>
 *
 * A new fixture is a new directory with an {@code inventory.toml}; run the same command to fill it.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = GoldenFixtures.GOLDEN;
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final String REGENERATE =
      "mvn -q test -Dtest=GoldenFilesTest -Dgolden.update=true";

  /**
   * A Debian release as the fact probe sees it: os-release and the versions that version conditions
   * read.
   */
  record Release(String dir, OsRelease os, Map<String, String> versions) {
    @Override
    public String toString() {
      return dir;
    }
  }

  static final List<Release> RELEASES =
      List.of(
          new Release(
              "debian-11",
              new OsRelease("debian", "11", List.of(), "Debian GNU/Linux 11 (bullseye)"),
              Map.of(
                  "postfix",
                  "3.5.25-0+deb11u1",
                  "dovecot-core",
                  "1:2.3.13+dfsg1-2+deb11u1",
                  "spamassassin",
                  "3.4.6-1+deb11u1")),
          new Release(
              "debian-12",
              new OsRelease("debian", "12", List.of(), "Debian GNU/Linux 12 (bookworm)"),
              Map.of(
                  "postfix",
                  "3.7.11-0+deb12u1",
                  "dovecot-core",
                  "1:2.3.19.1+dfsg1-2.1+deb12u1",
                  "spamassassin",
                  "4.0.0-6")),
          new Release(
              "debian-13",
              new OsRelease("debian", "13", List.of(), "Debian GNU/Linux 13 (trixie)"),
              Map.of(
                  "postfix",
                  "3.10.5-1~deb13u1",
                  "dovecot-core",
                  "1:2.4.1+dfsg1-6+deb13u1",
                  "spamassassin",
                  "4.0.1-3")));

  /** The version of a package no version condition of the built-in playbook reads. */
  private static final String OTHER_VERSION = "0-golden";

  static Stream<Arguments> cases() throws IOException {
    List<String> fixtures;
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      fixtures =
          dirs.filter(d -> Files.isRegularFile(d.resolve("inventory.toml")))
              .map(d -> d.getFileName().toString())
              .sorted()
              .toList();
    }
    assertThat(fixtures)
        .as("fixtures under " + GOLDEN.toAbsolutePath())
        .hasSizeGreaterThanOrEqualTo(2);
    return fixtures.stream().flatMap(f -> RELEASES.stream().map(r -> Arguments.of(f, r)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void everyFileTheMailServerPlaybookWritesMatchesItsGoldenFile(String fixture, Release release)
      throws IOException {
    List<HostConfig> hosts = new InventoryLoader().load(GoldenFixtures.inventory(fixture)).hosts();
    assertThat(hosts).as("a fixture inventory has one host").hasSize(1);
    Playbook playbook = PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml");
    FirstDeploy deploy =
        FirstDeploy.of(PlaybookCompiler.compile(playbook, hosts.get(0)), release, fixture);

    Path dir = GOLDEN.resolve(fixture).resolve(release.dir());
    Path planFile = GOLDEN.resolve(fixture).resolve(release.dir() + ".plan");
    if (UPDATE) {
      deleteTree(dir);
      for (Map.Entry<String, byte[]> f : deploy.files().entrySet()) {
        Path target = dir.resolve(f.getKey().substring(1));
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
      Files.writeString(planFile, deploy.plan());
      return;
    }

    Map<String, byte[]> golden = read(dir);
    List<String> diffs = new ArrayList<>();
    Set<String> paths = new TreeSet<>(golden.keySet());
    paths.addAll(deploy.files().keySet());
    for (String path : paths) {
      diff(fixture + "/" + release.dir() + path, golden.get(path), deploy.files().get(path))
          .ifPresent(diffs::add);
    }
    byte[] goldenPlan = Files.exists(planFile) ? Files.readAllBytes(planFile) : null;
    diff(
            fixture + "/" + release.dir() + ".plan",
            goldenPlan,
            deploy.plan().getBytes(StandardCharsets.UTF_8))
        .ifPresent(diffs::add);
    if (!diffs.isEmpty()) {
      fail(
          String.format(
              "%d file(s) of fixture %s on %s differ from their golden files (if the change is intended,"
                  + " regenerate with `%s` and review `git diff %s`):%n%s",
              diffs.size(), fixture, release.dir(), REGENERATE, GOLDEN, String.join("\n", diffs)));
    }
  }

  /**
   * What a first deploy of a play plans on a fresh host of a release: the files it writes (path to
   * content) and, as text, every task's plan.
   */
  record FirstDeploy(Map<String, byte[]> files, String plan) {
    static FirstDeploy of(Play play, Release release, String fixture) {
      FactQuery query = FactQuery.none();
      for (PlayTask t : play.tasks()) {
        query = query.plus(t.task().needs());
      }
      Map<String, PackageState> packages = new HashMap<>();
      query.packages().forEach(p -> packages.put(p, new PackageState.Absent()));
      Distro distro = Distro.detect(release.os());
      Map<String, byte[]> files = new TreeMap<>();
      StringBuilder plan = new StringBuilder();
      plan.append("# The built-in mailserver.toml for fixture \"")
          .append(fixture)
          .append("\" on ")
          .append(release.os().prettyName())
          .append(": what a first deploy plans, task by task.\n")
          .append("# Versions installed: ")
          .append(
              String.join(
                  ", ",
                  new TreeMap<>(release.versions())
                      .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
          .append(". Files written are under ")
          .append(release.dir())
          .append("/.\n")
          .append("# Regenerate (see GoldenFilesTest): ")
          .append(REGENERATE)
          .append("\n");
      for (PlayTask t : play.tasks()) {
        HostFacts facts = fresh(release.os(), query, packages);
        Plan p = t.task().plan(facts, distro);
        plan.append("\n").append(t.task().name());
        if (!t.notifies().isEmpty()) {
          plan.append("  (notifies ").append(String.join(", ", t.notifies())).append(")");
        }
        plan.append("\n");
        p.match(
            noChange -> plan.append("  no change: ").append(noChange.reason()).append("\n"),
            report -> plan.append("  report: ").append(report.title()).append("\n"),
            skip -> plan.append("  skipped: ").append(skip.reason()).append("\n"),
            changes -> {
              changes.steps().forEach(s -> describe(s, plan, files));
              return plan;
            });
        if (t.task() instanceof PackagesTask && p instanceof Plan.Changes) {
          // Installed now: later tasks plan against the release's versions, as after the engine's
          // re-probe.
          t.task()
              .needs()
              .packages()
              .forEach(
                  n ->
                      packages.put(
                          n,
                          new PackageState.Installed(
                              release.versions().getOrDefault(n, OTHER_VERSION))));
        }
      }
      plan.append("\nhandlers\n");
      for (Handler h : play.handlers()) {
        plan.append("  ")
            .append(h.name())
            .append(": ")
            .append(ShellQuote.join(h.argv()))
            .append("\n");
      }
      return new FirstDeploy(files, plan.toString());
    }

    private static StringBuilder describe(
        Step step, StringBuilder plan, Map<String, byte[]> files) {
      return step.match(
          run -> {
            plan.append("  $ ").append(ShellQuote.join(run.request().argv()));
            if (run.request().stdin().length > 0) {
              plan.append("  (").append(run.request().stdin().length).append(" bytes on stdin)");
            }
            return plan.append("\n");
          },
          write -> write(write, plan, files),
          validated -> {
            validated.files().forEach(w -> write(w, plan, files));
            return plan.append("  validate: ")
                .append(ShellQuote.join(validated.validator()))
                .append("\n");
          },
          custom -> plan.append("  ").append(custom.description()).append("\n"));
    }

    private static StringBuilder write(
        Step.WriteFile w, StringBuilder plan, Map<String, byte[]> files) {
      if (files.put(w.path(), w.content()) != null) {
        throw new AssertionError(w.path() + " is written twice in one deploy");
      }
      return plan.append("  write ")
          .append(w.path())
          .append(" ")
          .append(w.mode())
          .append(" ")
          .append(w.owner() == null ? "root" : w.owner())
          .append(":")
          .append(w.group() == null ? "" : w.group())
          .append("\n");
    }

    /**
     * A host of the release on which nothing of the play exists yet, with the packages installed so
     * far.
     */
    private static HostFacts fresh(OsRelease os, FactQuery q, Map<String, PackageState> packages) {
      Map<String, PathState> paths = new HashMap<>();
      q.paths().forEach(p -> paths.put(p, new PathState.Missing()));
      Map<String, ServiceState> services = new HashMap<>();
      q.services().forEach(s -> services.put(s, new ServiceState("inactive", "disabled")));
      Map<String, UserState> users = new HashMap<>();
      q.users().forEach(u -> users.put(u, new UserState.Absent()));
      Map<String, Boolean> guards = new HashMap<>();
      q.guards().forEach(g -> guards.put(g, false));
      Map<String, Optional<byte[]>> contents = new HashMap<>();
      q.contents().forEach(c -> contents.put(c, Optional.empty()));
      return new HostFacts(os, packages, paths, services, users, guards, contents, Set.of());
    }
  }

  /** A unified diff from the golden bytes to the actual ones; empty when they are equal. */
  private static Optional<String> diff(String name, byte[] golden, byte[] actual) {
    if (golden != null && actual != null && Arrays.equals(golden, actual)) {
      return Optional.empty();
    }
    List<String> before = lines(golden);
    List<String> after = lines(actual);
    String from = golden == null ? "/dev/null" : "golden/" + name;
    String to = actual == null ? "/dev/null" : "actual/" + name;
    List<String> out =
        UnifiedDiffUtils.generateUnifiedDiff(from, to, before, DiffUtils.diff(before, after), 3);
    if (out.isEmpty()) {
      // Equal lines, different bytes: line endings or the final newline.
      return Optional.of(
          "--- "
              + from
              + "\n+++ "
              + to
              + "\n(the files differ only in line endings or the final"
              + " newline)\n");
    }
    return Optional.of(String.join("\n", out) + "\n");
  }

  private static List<String> lines(byte[] bytes) {
    return bytes == null ? List.of() : new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }

  /** The golden files of one fixture and release, keyed by their path on the host. */
  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put("/" + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
