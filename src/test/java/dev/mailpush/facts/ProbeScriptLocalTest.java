package dev.mailpush.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real probe script with the local {@code sh} (this machine is Debian too) and parses the
 * result.
 */
class ProbeScriptLocalTest {

  @TempDir Path dir;

  private HostFacts probe(FactQuery query) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(false).start();
    p.getOutputStream().write(ProbeScript.render(query).getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return ProbeParser.parse(out, query);
  }

  @Test
  void reportsFilesWithHashModeAndOwnerAndDistinguishesMissingAndDirectories() throws Exception {
    Path file = dir.resolve("it's a file; $(touch pwned)");
    Files.writeString(file, "hello\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    String owner = Files.getOwner(file).getName();

    HostFacts facts =
        probe(
            FactQuery.paths(
                Set.of(file.toString(), dir.toString(), dir.resolve("nope").toString())));

    assertThat(facts.path(file.toString()))
        .isEqualTo(
            new PathState.RegularFile(
                "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                "0640",
                owner,
                Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class)
                    .group()
                    .getName(),
                6));
    assertThat(facts.path(dir.toString())).isInstanceOf(PathState.Directory.class);
    assertThat(facts.path(dir.resolve("nope").toString())).isInstanceOf(PathState.Missing.class);
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(Path.of("pwned")).doesNotExist();
  }

  @Test
  void findsOnlyStagingFilesWhoseWriterIsGone() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path other = Files.createDirectories(dir.resolve("other dir; $(touch pwned)"));
    FileTime old =
        FileTime.from(Instant.now().minus(Duration.ofMinutes(StagingFiles.STALE_MINUTES + 5)));
    Path stale = aged(etc.resolve(".mailpush.AbC123"), old);
    Path staleToo = aged(other.resolve(".mailpush.zZ9.x0"), old);
    aged(etc.resolve(".mailpush.YoUng1"), FileTime.from(Instant.now()));
    Path open = aged(etc.resolve(".mailpush.OpEn42"), old);
    aged(etc.resolve(".mailpush.short"), old);
    aged(etc.resolve(".mailpush.tab\t12"), old);
    aged(etc.resolve("x.mailpush.AbC123"), old);
    Files.setLastModifiedTime(Files.createDirectory(etc.resolve(".mailpush.DiR456")), old);
    Files.createSymbolicLink(etc.resolve(".mailpush.LiNk78"), stale);
    Path managed = aged(etc.resolve(".mailpush.MaNagd"), old);

    Set<String> watched =
        Set.of(
            etc.resolve("main.cf").toString(), other.resolve("x").toString(), managed.toString());
    FactQuery query = FactQuery.paths(watched).plus(FactQuery.stagingBeside(watched));
    HostFacts facts;
    // This JVM holds it open, as a writer stalled behind a dead network would.
    try (var held = Files.newInputStream(open)) {
      assertThat(held.read()).isPositive();
      facts = probe(query);
    }

    assertThat(facts.leftovers()).containsExactlyInAnyOrder(stale.toString(), staleToo.toString());
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(probe(FactQuery.paths(watched)).leftovers()).as("only when asked").isEmpty();
  }

  /** What the probe must report for a user: the SHA-256 of its shadow hash, empty without root. */
  private static String shadowDigest(String user) throws Exception {
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "getent shadow \"$1\" | cut -d: -f2 | tr -d '\\n' | sha256sum",
                "sh",
                user)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return out.split(" ")[0];
  }

  private static Path aged(Path file, FileTime mtime) throws IOException {
    Files.writeString(file, "staged\n");
    Files.setLastModifiedTime(file, mtime);
    return file;
  }

  @Test
  void readsOsReleasePackagesUsersAndGuards() throws Exception {
    FactQuery query =
        FactQuery.packages(Set.of("coreutils", "surely-not-a-package"))
            .plus(FactQuery.users(Set.of("root", "nosuchuser")))
            .plus(FactQuery.guards(List.of("true", "false", "test -d /")));

    HostFacts facts = probe(query);
    String rootDigest = shadowDigest("root");

    assertThat(facts.os().id()).isNotEmpty();
    assertThat(facts.pkg("coreutils")).isInstanceOf(PackageState.Installed.class);
    assertThat(facts.pkg("surely-not-a-package")).isInstanceOf(PackageState.Absent.class);
    assertThat(facts.user("root"))
        .isInstanceOfSatisfying(
            UserState.Present.class,
            u -> {
              assertThat(u.uid()).isZero();
              assertThat(u.home()).isEqualTo("/root");
              assertThat(u.passwordHashSha256()).isEqualTo(rootDigest);
            });
    assertThat(facts.user("nosuchuser")).isInstanceOf(UserState.Absent.class);
    assertThat(facts.guard("true")).isTrue();
    assertThat(facts.guard("false")).isFalse();
    assertThat(facts.guard("test -d /")).isTrue();
  }
}
