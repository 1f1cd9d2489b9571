package dev.mailpush.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that converges hosts ({@code deploy}, {@code run}). */
final class PlayOptions {
  @Option(names = "--check", description = "Show what would change; change nothing on any host.")
  boolean check;

  @Option(names = "--diff", description = "Show unified diffs of managed files (secrets are never shown).")
  boolean diff;

  @Option(names = "--limit", split = ",", paramLabel = "HOST",
      description = "Only these inventory hosts, e.g. --limit mx1,mx2.")
  java.util.List<String> limit = java.util.List.of();

  @Option(names = "--forks", paramLabel = "N",
      description = "Hosts worked on at once (default: all hosts, at most 50).")
  Integer forks;

  @Option(names = "--serial", paramLabel = "N|P%",
      description = "Rolling batches: N hosts or P%% of hosts at a time, e.g. --serial 1 or --serial 30%%.")
  String serial;

  @Option(names = "--max-fail-percent", paramLabel = "P", defaultValue = "100",
      description = "Stop before the next batch once more than P%% of hosts failed (default: ${DEFAULT-VALUE}).")
  int maxFailPercent;

  @Option(names = "--json", description = "One JSON event per line on stdout, ending with the recap line.")
  boolean json;
}
