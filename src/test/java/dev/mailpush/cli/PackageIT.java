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
 * man mailpush} (the pages gzipped, as Debian policy asks), {@code mailpush sandbox --help}, the
 * bash completion, and the zsh completion in an interactive zsh that only ran compinit; and the
 * portable tar.gz unpacked and run by a regular user, whose second start uses the class data
 * archive the first one made, and whose zsh completion works from its directory on fpath. Runs
 * after {@code package} (failsafe): surefire's tests run before the package exists.
 */
@RequiresDocker(suites = "bookworm")
class PackageIT {
  private static final Path BUILD = Path.of(System.getProperty("mailpush.buildDir", "target"));
  private static final String VERSION = System.getProperty("mailpush.version", "");

  /**
   * Types lines into an interactive zsh on a pseudo-terminal (zsh/zpty), each followed by a TAB,
   * and prints what each line became: ZLE completes as on a user's terminal. The zsh reads no rc
   * file and only runs compinit, after putting $1 (if given) in front of fpath. The line prints
   * itself upper-cased, so the terminal's echo of the typed text cannot pass for the result.
   */
  private static final String ZSH_TAB =
      """
      zmodload zsh/zpty
      zpty z 'zsh -f -i'
      zpty -w z "PS1='> '; fpath=($1 \\$fpath); autoload -U compinit && compinit -u"
      tab() {
        local out= chunk
        zpty -w -n z "$1"$'\\t\\C-aprint -r -- "<"\\C-e">" | tr a-z A-Z\\n'
        for i in {1..100}; do
          if zpty -r -t z chunk; then
            out+=$chunk
            [[ $out == *$'\\n<'*'>'* ]] && break
          else
            sleep 0.1
          fi
        done
        print -r -- ${${(M)${(f)out}:#<*>*}%$'\\r'}
      }
      tab 'mailpush dep'
      tab 'mailpush deploy --chec'
      tab 'mailpush completion z'
      zpty -d z
      """;

  private static final String ZSH_COMPLETED =
      "<MAILPUSH DEPLOY>\n<MAILPUSH DEPLOY --CHECK>\n<MAILPUSH COMPLETION ZSH>";

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
                  + " && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \"$1\" zsh",
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

      // Man pages as Debian policy has them: gzipped (-9n: no name, no time in the header).
      List<String> manFiles =
          host.exec("sh", "-c", "dpkg -L mailpush | grep /man1/").stdout().lines().toList();
      assertThat(manFiles).contains("/usr/share/man/man1/mailpush.1.gz");
      assertThat(manFiles).allMatch(f -> f.endsWith(".1.gz"), "every page gzipped");
      assertThat(
              host.exec("sh", "-c", "head -c 8 /usr/share/man/man1/mailpush.1.gz | od -An -tx1")
                  .stdout()
                  .strip())
          .as("gzip magic, deflate, no flags, time 0")
          .isEqualTo("1f 8b 08 00 00 00 00 00");

      // zsh: compinit finds the function on Debian's default fpath, with no ~/.zshrc at all.
      assertThat(
              host.exec(
                      "zsh",
                      "-fc",
                      "autoload -U compinit && compinit -u && print -r -- ${_comps[mailpush]}")
                  .stdout()
                  .strip())
          .isEqualTo("_mailpush");
      TargetHost.Result zsh = host.exec("zsh", "-fc", ZSH_TAB, "zsh");
      assertThat(zsh.stdout().strip()).as(zsh.toString()).isEqualTo(ZSH_COMPLETED);

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
      String zshDir = home + "/share/zsh/site-functions";
      assertThat(host.exec("head", "-1", zshDir + "/_mailpush").stdout())
          .isEqualTo("#compdef mailpush\n");
      // The tar.gz's zsh function on its own: the .deb's is gone, as the README tells it.
      host.exec("dpkg", "-r", "mailpush").requireSuccess("dpkg -r mailpush");
      TargetHost.Result tarZsh = host.exec("zsh", "-fc", ZSH_TAB, "zsh", zshDir);
      assertThat(tarZsh.stdout().strip()).as(tarZsh.toString()).isEqualTo(ZSH_COMPLETED);
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
