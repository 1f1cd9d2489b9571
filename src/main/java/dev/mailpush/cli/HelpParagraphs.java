package dev.mailpush.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Descriptions are written as source lines of about 100 characters; picocli prints each as its own
 * line and wraps it at 80, which leaves a stub of a line in the middle of a sentence. Joined into
 * paragraphs (the summary line, the text, the exit status), every line is wrapped once, at the
 * help's width.
 */
final class HelpParagraphs {
  private HelpParagraphs() {}

  /** Applies {@link #of} to the command and every command below it. */
  static void apply(CommandLine command) {
    UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.description(of(usage.description()));
    command.getSubcommands().values().forEach(HelpParagraphs::apply);
  }

  static String[] of(String[] lines) {
    if (lines.length <= 1) {
      return lines;
    }
    List<String> paragraphs = new ArrayList<>(List.of(lines[0]));
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("Exit status") || line.isEmpty()) {
        flush(text, paragraphs);
        paragraphs.add(line);
      } else {
        text.append(text.length() == 0 ? "" : " ").append(line);
      }
    }
    flush(text, paragraphs);
    return paragraphs.toArray(String[]::new);
  }

  private static void flush(StringBuilder text, List<String> paragraphs) {
    if (text.length() > 0) {
      paragraphs.add(text.toString());
      text.setLength(0);
    }
  }
}
