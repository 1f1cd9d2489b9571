package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn package} made, installed the way a user installs it, in a clean Debian 12
 * container: the .deb with {@code apt install ./mailpush_VERSION_all.deb} (apt brings the Java
 * runtime, and man-db and bash-completion as recommended), then {@code mailpush --version}, {@code
 * man mailpush}, {@code mailpush sandbox --help} and the bash completion; and the portable tar.gz
 * unpacked and run by a regular user, whose second start uses the class data archive the first one
 * made. Runs after {@code package} (failsafe): surefire's tests run before the package exists.
 */
@RequiresDocker(suites = "bookworm")
class PackageIT {
  private static final Path BUILD = Path.of(System.getProperty("mailpush.buildDir", "target"));
  private static final String VERSION = System.getProperty("mailpush.version", "");

  @Test
  void theDebInstallsWithAptAndTheTarGzRunsAnywhereJavaIs() throws IOException {
    // Only failsafe, after package, says which version it built (a -Dtest=... surefire run
    // that picks this class up has no package to install).
    assumeTrue(!VERSION.isEmpty(), "run by failsafe after mvn package");
    Path deb = debPackage();
    Path tarGz = BUILD.resolve("mailpush-" + VERSION + ".tar.gz");
    assertThat(tarGz).as("the portable archive").exists();
    try (TargetHost host = TargetHost.start("bookworm")) {
      host.copyIn(deb, "/tmp/" + deb.getFileName());
      host.copyIn(tarGz, "/tmp/mailpush.tar.gz");
      host.exec(
              "sh",
              "-c",
              // The target image turns recommended packages off; a stock Debian installs them.
              "rm -f /etc/apt/apt.conf.d/90mailpush && apt-get update -qq"
                  + " && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \"$1\"",
              "sh",
              "/tmp/" + deb.getFileName())
          .requireSuccess("apt install ./" + deb.getFileName());
      assertThat(host.exec("dpkg-query", "-W", "-f", "${Status}", "man-db").stdout())
          .as("man-db, recommended")
          .isEqualTo("install ok installed");

      TargetHost.Result version = host.exec("mailpush", "--version");
      assertThat(version.exitCode()).as(version.toString()).isZero();
      assertThat(version.stdout()).contains(VERSION);
      String man = host.exec("sh", "-c", "MANPAGER=cat MANWIDTH=100 man mailpush").stdout();
      assertThat(man).contains("mailpush", "deploy", "verify", "sandbox");
      assertThat(host.exec("sh", "-c", "MANPAGER=cat man mailpush-deploy").stdout())
          .contains("--check");
      TargetHost.Result sandbox = host.exec("mailpush", "sandbox", "--help");
      assertThat(sandbox.exitCode()).as(sandbox.toString()).isZero();
      assertThat(sandbox.stdout()).contains("up", "down", "status");
      String completion =
          host.exec(
                  "bash",
                  "-c",
                  "source /usr/share/bash-completion/completions/mailpush"
                      + " && COMP_WORDS=(mailpush dep) && COMP_CWORD=1 && _complete_mailpush"
                      + " && echo \"${COMPREPLY[*]}\"")
              .stdout();
      assertThat(completion.strip()).isEqualTo("deploy");

      // The tar.gz, for a user without root (it is Java that apt installed).
      String home = "/opt/mailpush-" + VERSION;
      host.exec("sh", "-c", "cd /opt && tar xzf /tmp/mailpush.tar.gz").requireSuccess("unpacking");
      for (int run = 1; run <= 2; run++) {
        TargetHost.Result r =
            host.exec("runuser", "-u", TargetHost.ADMIN, "--", home + "/bin/mailpush", "--version");
        assertThat(r.exitCode()).as("run " + run + ": " + r).isZero();
        assertThat(r.stdout()).contains(VERSION);
      }
      assertThat(
              host.exec(
                      "sh",
                      "-c",
                      "test -s ~" + TargetHost.ADMIN + "/.cache/mailpush/mailpush.jsa && echo cds")
                  .stdout())
          .as("the class data archive in the user's cache")
          .contains("cds");
      assertThat(host.exec("ls", home + "/share/man/man1").stdout()).contains("mailpush.1");
    }
  }

  private static Path debPackage() throws IOException {
    try (Stream<Path> files = Files.list(BUILD)) {
      List<Path> debs =
          files.filter(f -> f.getFileName().toString().matches("mailpush_.*_all\\.deb")).toList();
      assertThat(debs).as("one .deb in " + BUILD).hasSize(1);
      return debs.get(0);
    }
  }
}
