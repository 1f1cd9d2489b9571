package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import dev.mailpush.engine.RunOptions;
import picocli.CommandLine.Option;

/**
 * How a converging command ({@code deploy}, {@code run}) proceeds: dry run, diffs, rolling batches.
 */
final class RunFlags {
  @Option(names = "--check", description = "Show what would change; change nothing on any host.")
  boolean check;

  @Option(
      names = "--diff",
      description = "Show unified diffs of managed files (secrets are never shown).")
  boolean diff;

  @Option(
      names = "--serial",
      paramLabel = "N|P%",
      description =
          "Rolling batches: N hosts or P%% of hosts at a time, e.g. --serial 1 or --serial 30%%.")
  String serial;

  @Option(
      names = "--max-fail-percent",
      paramLabel = "P",
      defaultValue = "100",
      description =
          "Stop before the next batch once more than P%% of hosts failed (default: ${DEFAULT-VALUE}).")
  int maxFailPercent;

  RunOptions options(int forks) {
    try {
      return new RunOptions(
          check,
          diff,
          forks,
          serial == null ? null : RunOptions.Serial.parse(serial),
          maxFailPercent);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), "see mailpush deploy --help");
    }
  }
}
