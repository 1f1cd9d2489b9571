package dev.mailpush.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands a user can see (hidden ones such as warmup left out), root first: one man page each.
 */
final class CommandTree {
  private CommandTree() {}

  static List<CommandSpec> visible(CommandSpec root) {
    List<CommandSpec> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  /**
   * The man page of a command: its qualified name with dashes, as picocli's ManPageGenerator names
   * it.
   */
  static String manPage(CommandSpec command) {
    return command.qualifiedName("-");
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    if (spec.usageMessage().hidden()) {
      return;
    }
    into.add(spec);
    for (CommandLine sub : spec.subcommands().values()) {
      // Aliases map to the same spec: visit each command once.
      if (!into.contains(sub.getCommandSpec())) {
        collect(sub.getCommandSpec(), into);
      }
    }
  }
}
