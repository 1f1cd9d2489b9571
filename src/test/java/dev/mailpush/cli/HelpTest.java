package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every visible command says what it does and shows an example; every option and parameter says
 * what it is.
 */
class HelpTest {

  static List<CommandSpec> visibleCommands() {
    return CommandTree.visible(Main.commandLine().getCommandSpec());
  }

  /**
   * A description is printed as whole paragraphs, each wrapped once at the help's width: no line
   * ends in the middle of a sentence because the source was broken there ("against the key on / the
   * host, read / over SSH").
   */
  @Test
  void descriptionsAreWholeParagraphs() {
    List<String> problems = new ArrayList<>();
    for (CommandSpec c : visibleCommands()) {
      for (String paragraph : c.usageMessage().description()) {
        String p = paragraph.strip().replaceAll("(%n)+$", "");
        if (!p.isEmpty() && !p.matches("(?s).*[.:)!?]$")) {
          problems.add(c.qualifiedName() + ": \"" + p + "\"");
        }
      }
    }
    assertThat(problems).as("paragraphs that end mid-sentence").isEmpty();
    String help = Main.commandLine().getSubcommands().get("dns-report").getUsageMessage();
    assertThat(help).contains("the host, read over SSH), DMARC");
  }

  @Test
  void everyCommandHasADescriptionAndAnExample() {
    List<String> problems = new ArrayList<>();
    for (CommandSpec c : visibleCommands()) {
      String[] description = c.usageMessage().description();
      if (description.length == 0 || description[0].isBlank()) {
        problems.add(c.qualifiedName() + ": no description");
      } else if (!description[0].strip().endsWith(".")) {
        // The first line stands alone in the parent's command list and in the man page's NAME.
        problems.add(
            c.qualifiedName()
                + ": the first description line is not a sentence: "
                + description[0]);
      }
      String footer = String.join("\n", c.usageMessage().footer());
      for (String line : c.usageMessage().footer()) {
        // picocli wraps longer lines at 80 columns: fine for prose, but it splits an example
        // command.
        if (line.startsWith(" ") && line.length() > c.usageMessage().width()) {
          problems.add(
              c.qualifiedName()
                  + ": footer line longer than "
                  + c.usageMessage().width()
                  + ": "
                  + line);
        }
      }
      // The examples go under footerHeading: the man page generator writes a footer only below a
      // heading.
      if (!c.usageMessage().footerHeading().contains("Examples") || !footer.contains("mailpush ")) {
        problems.add(c.qualifiedName() + ": no example in the usage footer");
      }
    }
    assertThat(problems).isEmpty();
    assertThat(visibleCommands())
        .extracting(CommandSpec::qualifiedName)
        .contains("mailpush", "mailpush deploy", "mailpush sandbox up", "mailpush help");
  }

  @Test
  void everyOptionAndParameterHasAOneLineDescription() {
    List<String> problems = new ArrayList<>();
    for (CommandSpec c : visibleCommands()) {
      List<ArgSpec> args = new ArrayList<>(c.options());
      args.addAll(c.positionalParameters());
      for (ArgSpec a : args) {
        if (a.hidden()) {
          continue;
        }
        String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
        String text = String.join(" ", a.description());
        if (text.isBlank()) {
          problems.add(c.qualifiedName() + " " + name + ": no description");
        } else if (a.description().length > 1 || text.contains("\n")) {
          problems.add(c.qualifiedName() + " " + name + ": description is more than one line");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void helpOfEveryCommandRendersWithItsExamples() {
    for (CommandSpec c : visibleCommands()) {
      List<String> args =
          new ArrayList<>(
              List.of(c.qualifiedName().split(" "))
                  .subList(1, c.qualifiedName().split(" ").length));
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(c.qualifiedName() + "\n" + run).isZero();
      assertThat(run.out())
          .as(c.qualifiedName())
          .contains("Usage: " + c.qualifiedName())
          .contains("Examples:");
    }
  }

  @Test
  void versionPrintsTheName() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("mailpush ");
  }
}
