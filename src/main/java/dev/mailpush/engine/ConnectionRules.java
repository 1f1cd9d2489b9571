package dev.mailpush.engine;

import dev.mailpush.ssh.SshException;
import java.util.List;

/**
 * What a transport failure means for a host's run. A host that gave no session, or refused it
 * (address, host key, login), is unreachable rather than failed. A connection lost under a task
 * fails that task, with a hint saying what state the host is in and that a re-run finishes the job,
 * and ends the host's run: later tasks and handlers do not run. Lost anywhere else (the probe, a
 * handler), it fails the host once. Any other transport failure under a task (sudo refused) fails
 * that task like any task failure.
 */
final class ConnectionRules {
  private ConnectionRules() {}

  /**
   * Whether {@code e}, thrown under a task, ends the host's run instead of only failing the task.
   */
  static boolean endsTheRun(SshException e) {
    return e.kind() == SshException.Kind.CONNECTION_LOST;
  }

  /**
   * The lost task's outcome. Every file write either completed or left the old file (the write
   * script checks the length before its rename), a validated group is installed, validated and put
   * back when rejected by one script that outlives the connection, and due handlers were recorded
   * on the host before the task touched anything.
   */
  static TaskOutcome.Failed lostDuringTask(String host, SshException e, List<String> recorded) {
    return new TaskOutcome.Failed(
        e.getMessage(),
        "run mailpush again once "
            + host
            + " answers on SSH: every file is either its old or its new"
            + " version, and tasks already done change nothing"
            + (recorded.isEmpty()
                ? ""
                : "; the due handlers ("
                    + String.join(", ", recorded)
                    + ") are recorded on the host and run then")
            + ". If it keeps happening, look for a reboot, an OOM kill or a network drop (journalctl -b on the host).");
  }

  /**
   * The host's error after a task's lost connection: only where it stopped (the task's report says
   * the rest).
   */
  static SshException stoppedAt(String task, SshException e) {
    return new SshException(e.kind(), "connection lost during task \"" + task + "\"", "", e);
  }

  /**
   * Whether the host counts as unreachable: no session was opened, or the failure is of an
   * unreachable kind.
   */
  static boolean unreachable(boolean connected, SshException e) {
    return !connected || e.unreachable();
  }
}
