package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush man}: the bundled man pages, printed or installed (see {@link ManPages}). */
@Command(
    name = "man",
    mixinStandardHelpOptions = true,
    description =
        "Print a command's man page (troff), or install every mailpush man page into a directory.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush man --install ~/.local/share/man   # then: man mailpush-deploy",
      "  mailpush man sandbox up | man -l -"
    })
final class ManCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "COMMAND",
      description =
          "The command whose page to print, e.g. deploy or sandbox up (default: mailpush itself).")
  List<String> command = new ArrayList<>();

  @Option(
      names = "--install",
      paramLabel = "DIR",
      description =
          "Write every page to DIR/man1 (DIR such as ~/.local/share/man or /usr/local/share/man).")
  Path install;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (install == null) {
      out.print(ManPages.page(ManPages.find(spec.root(), command)));
      out.flush();
      return ExitCode.OK;
    }
    if (!command.isEmpty()) {
      throw new UsageException(
          "--install writes every page; it takes no COMMAND", "mailpush man --install DIR");
    }
    ManPages.install(spec.root(), install, out);
    return ExitCode.OK;
  }
}
