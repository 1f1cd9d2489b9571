package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The man pages the build generated from the command tree and bundled in the jar: found, read,
 * installed.
 */
final class ManPages {
  private ManPages() {}

  /** Writes every visible command's page to {@code base}/man1 and says how to read them. */
  static void install(CommandSpec root, Path base, PrintWriter out) throws IOException {
    Path dir = base.resolve("man1");
    Files.createDirectories(dir);
    List<CommandSpec> all = CommandTree.visible(root);
    for (CommandSpec c : all) {
      Files.writeString(
          dir.resolve(CommandTree.manPage(c) + ".1"), page(c), StandardCharsets.UTF_8);
    }
    out.println("installed " + all.size() + " man pages in " + dir);
    out.println("read them with: man mailpush, man mailpush-deploy, man mailpush-sandbox-up, ...");
    // man-db searches DIR when its bin sibling is on the PATH (~/.local/bin for
    // ~/.local/share/man).
    out.println("if man does not find them: export MANPATH=\"" + base + ":$(manpath)\"");
  }

  /**
   * The command a path of names leads to ({@code sandbox up}), or a usage error listing the
   * choices.
   */
  static CommandSpec find(CommandSpec root, List<String> names) {
    CommandSpec c = root;
    for (String name : names) {
      CommandSpec parent = c;
      c =
          Optional.ofNullable(parent.subcommands().get(name))
              .map(cl -> cl.getCommandSpec())
              .filter(s -> !s.usageMessage().hidden())
              .orElseThrow(
                  () ->
                      new UsageException(
                          "no command \"" + String.join(" ", names) + "\"",
                          "one of: " + String.join(", ", parent.subcommands().keySet())));
    }
    return c;
  }

  /**
   * The bundled page; missing only from a jar built without its tests' phase (-Dmaven.test.skip).
   */
  static String page(CommandSpec c) throws IOException {
    String resource = "/man/man1/" + CommandTree.manPage(c) + ".1";
    try (InputStream in = ManPages.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UsageException(
            "this build of mailpush has no man page " + resource,
            "build with `mvn package` (with -Dmaven.test.skip=true the man pages are not made)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
