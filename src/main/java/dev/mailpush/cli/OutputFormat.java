package dev.mailpush.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object per line on stdout, for scripts (see README, "Scripting"). */
final class OutputFormat {
  @Option(
      names = "--json",
      description =
          "One JSON object per line on stdout (events or checks), ending with a recap or summary line.")
  boolean json;
}
