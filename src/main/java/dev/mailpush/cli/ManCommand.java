package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush man}: the man pages the build generated from this very command tree and bundled
 * in the jar, printed or installed.
 */
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
    CommandSpec root = spec.root();
    if (install != null) {
      if (!command.isEmpty()) {
        throw new UsageException(
            "--install writes every page; it takes no COMMAND", "mailpush man --install DIR");
      }
      Path dir = install.resolve("man1");
      Files.createDirectories(dir);
      List<CommandSpec> all = CommandTree.visible(root);
      for (CommandSpec c : all) {
        Files.writeString(
            dir.resolve(CommandTree.manPage(c) + ".1"), page(c), StandardCharsets.UTF_8);
      }
      out.println("installed " + all.size() + " man pages in " + dir);
      out.println(
          "read them with: man mailpush, man mailpush-deploy, man mailpush-sandbox-up, ...");
      // man-db searches DIR when its bin sibling is on the PATH (~/.local/bin for
      // ~/.local/share/man).
      out.println("if man does not find them: export MANPATH=\"" + install + ":$(manpath)\"");
      return ExitCode.OK;
    }
    out.print(page(find(root)));
    out.flush();
    return ExitCode.OK;
  }

  private CommandSpec find(CommandSpec root) {
    CommandSpec c = root;
    for (String name : command) {
      CommandSpec parent = c;
      c =
          Optional.ofNullable(parent.subcommands().get(name))
              .map(cl -> cl.getCommandSpec())
              .filter(s -> !s.usageMessage().hidden())
              .orElseThrow(
                  () ->
                      new UsageException(
                          "no command \"" + String.join(" ", command) + "\"",
                          "one of: " + String.join(", ", parent.subcommands().keySet())));
    }
    return c;
  }

  /**
   * The bundled page; missing only from a jar built without its tests' phase (-Dmaven.test.skip).
   */
  static String page(CommandSpec c) throws IOException {
    String resource = "/man/man1/" + CommandTree.manPage(c) + ".1";
    try (InputStream in = ManCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UsageException(
            "this build of mailpush has no man page " + resource,
            "build with `mvn package` (with -Dmaven.test.skip=true the man pages are not made)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
