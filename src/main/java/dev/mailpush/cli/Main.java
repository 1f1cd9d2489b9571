package dev.mailpush.cli;

import dev.mailpush.MailpushException;
import dev.mailpush.api.UsageException;
import dev.mailpush.inventory.InventoryException;
import dev.mailpush.playbook.PlaybookException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mailpush} command. */
@Command(
    name = "mailpush",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Push a correct, secure small mail server to Linux hosts over SSH.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush sandbox up && mailpush deploy .sandbox/sandbox/inventory.toml",
      "  mailpush init inventory.toml --hostname mail.example.com \\",
      "      --address 203.0.113.10 --domain example.com",
      "  mailpush deploy inventory.toml --check --diff",
      "  mailpush COMMAND --help   # every option, with examples"
    },
    subcommands = {
      DeployCommand.class,
      CertsCommand.class,
      RunCommand.class,
      FactsCommand.class,
      DnsReportCommand.class,
      VerifyCommand.class,
      StatusCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      MigrateCommand.class,
      UpgradeCommand.class,
      DnsCommand.class,
      DkimCommand.class,
      HashPasswordCommand.class,
      InitCommand.class,
      SandboxCommand.class,
      CompletionCommand.class,
      ManCommand.class,
      WarmupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    int status = execute(args, out, new PrintWriter(System.err, true));
    // Autoflush covers println only: text a command print()ed last would be lost at exit.
    out.flush();
    System.exit(status);
  }

  /** Runs one invocation in-process (tests use this with captured writers). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof InventoryException || ex instanceof PlaybookException) {
            err.println("error: " + ex.getMessage());
            hint(err, (MailpushException) ex);
            return ExitCode.USAGE;
          }
          if (ex instanceof MailpushException m) {
            err.println("error: " + ex.getMessage());
            hint(err, m);
            return ex instanceof UsageException ? ExitCode.USAGE : ExitCode.HOSTS_FAILED;
          }
          err.println("internal error (please report it): " + ex);
          ex.printStackTrace(err);
          return ExitCode.SOFTWARE;
        });
    CommandLine.UnmatchedArgumentException unknown = unknownCommand(cli, args);
    if (unknown != null) {
      String parent = unknown.getCommandLine().getCommandSpec().qualifiedName();
      err.println(
          "error: \"" + unknown.getUnmatched().get(0) + "\" is not a " + parent + " command");
      List<String> close = unknown.getSuggestions();
      err.println(
          "  hint: "
              + (close.isEmpty() ? "" : "did you mean " + String.join(" or ", close) + "? ")
              + parent
              + " --help lists them");
      return ExitCode.USAGE;
    }
    return cli.execute(args);
  }

  /**
   * A word that names no command where a command is expected, even when --help follows it (picocli
   * would then show the parent's help and exit 0, as if the command existed).
   */
  private static CommandLine.UnmatchedArgumentException unknownCommand(
      CommandLine cli, String[] args) {
    CommandLine at = cli;
    for (String arg : args) {
      if (arg.startsWith("-") || at.getSubcommands().isEmpty()) {
        return null;
      }
      CommandLine sub = at.getSubcommands().get(arg);
      if (sub == null) {
        return new CommandLine.UnmatchedArgumentException(at, List.of(arg));
      }
      at = sub;
    }
    return null;
  }

  /** The command tree, as users see it in help, completion and man pages. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // picocli's own help command has no footer annotation to carry an example: set one here.
    cli.getSubcommands()
        .get("help")
        .getCommandSpec()
        .usageMessage()
        .footerHeading("%nExamples:%n")
        .footer(
            "  mailpush help deploy", "  mailpush sandbox up --help   # a nested command's help");
    HelpParagraphs.apply(cli);
    return cli;
  }

  private static void hint(PrintWriter err, MailpushException e) {
    if (!e.hint().isEmpty()) {
      err.println("  hint: " + e.hint());
    }
  }
}
