package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import picocli.CommandLine.Option;

/** {@code --forks}: how many hosts are worked on at once. */
final class Forks {
  @Option(
      names = "--forks",
      paramLabel = "N",
      description = "Hosts worked on at once (default: all hosts, at most 50).")
  Integer forks;

  int forHosts(int hosts) {
    if (forks != null && forks < 1) {
      throw new UsageException("--forks (" + forks + ") must be at least 1", "e.g. --forks 10");
    }
    return forks == null ? Math.max(1, Math.min(50, hosts)) : forks;
  }
}
