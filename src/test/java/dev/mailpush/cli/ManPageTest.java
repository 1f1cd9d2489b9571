package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages the build made from the command tree: one per visible command, complete,
 * installable, readable.
 */
class ManPageTest {
  @TempDir Path dir;

  @Test
  void everyCommandHasAPageWithNameSynopsisOptionsAndExamples() throws Exception {
    for (CommandSpec c : HelpTest.visibleCommands()) {
      String troff = ManPages.page(c);
      String name = CommandTree.manPage(c);
      assertThat(troff)
          .as(name)
          .contains(
              ".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\"")
          .contains(".SH \"NAME\"\n" + name + " \\- ")
          .contains(".SH \"SYNOPSIS\"")
          .contains(".SH \"EXAMPLES:\"");
      for (OptionSpec o : c.options()) {
        // troff spells a dash \-.
        assertThat(troff).as(name).contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fP");
      }
    }
  }

  @Test
  void installWritesEveryPageAndManRendersThem() throws Exception {
    CliRun run = CliRun.of("man", "--install", dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<CommandSpec> commands = HelpTest.visibleCommands();
    assertThat(run.out())
        .contains("installed " + commands.size() + " man pages in " + dir.resolve("man1"));
    try (var files = Files.list(dir.resolve("man1"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              commands.stream().map(c -> CommandTree.manPage(c) + ".1").toList());
    }
    Assumptions.assumeTrue(onPath("man"), "man (man-db) is not installed");
    String deploy = render(dir.resolve("man1/mailpush-deploy.1"));
    assertThat(deploy)
        .contains(
            "NAME",
            "mailpush-deploy - Make every host",
            "SYNOPSIS",
            "--check",
            "--max-fail-percent",
            "EXAMPLES",
            "mailpush deploy inventory.toml --check --diff --limit mx1");
    // Through MANPATH, by name, as a user reads it after the documented install.
    String up = man(List.of("man", "mailpush-sandbox-up"), dir);
    assertThat(up)
        .contains("mailpush-sandbox-up - Start a throwaway Debian target", "--suite=SUITE");
  }

  @Test
  void onePageIsPrintedByCommandPathAndAnUnknownOneIsAUsageError() {
    CliRun run = CliRun.of("man", "sandbox", "up");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("'\\\" t").contains(".TH \"MAILPUSH\\-SANDBOX\\-UP\"");

    CliRun unknown = CliRun.of("man", "sandbox", "sideways");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no command \"sandbox sideways\"").contains("up");
  }

  private static String render(Path page) throws Exception {
    return man(List.of("man", "--local-file", page.toString()), null);
  }

  private static String man(List<String> command, Path manpath) throws Exception {
    List<String> args = new ArrayList<>(command);
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("MANWIDTH", "200");
    pb.environment().remove("MAN_KEEP_FORMATTING");
    if (manpath != null) {
      pb.environment().put("MANPATH", manpath.toString());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && new File(d, command).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
