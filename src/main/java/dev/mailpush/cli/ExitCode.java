package dev.mailpush.cli;

/** Exit statuses of the scripting contract (DESIGN.md). */
final class ExitCode {
  static final int OK = 0;

  /** Internal error: a bug, reported with its stack trace. */
  static final int SOFTWARE = 1;

  /** Bad invocation, invalid inventory or playbook: no host was contacted. */
  static final int USAGE = 2;

  /** One or more hosts failed or were unreachable. */
  static final int HOSTS_FAILED = 4;

  private ExitCode() {}
}
