package dev.mailpush.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Runs one command line on an exec channel of an open session: stdin in, EOF, stdout/stderr/status
 * out.
 */
final class ChannelRun {
  // Exit codes a shell reports for a process killed by these signals (128 + number).
  private static final Map<String, Integer> SIGNALS =
      Map.of(
          "HUP", 1, "INT", 2, "QUIT", 3, "ABRT", 6, "KILL", 9, "SEGV", 11, "PIPE", 13, "ALRM", 14,
          "TERM", 15);

  private ChannelRun() {}

  /**
   * @throws IOException when the channel cannot be opened
   * @throws ChannelLost when the channel closed without an exit status
   */
  static ExecResult run(ClientSession session, CommandLine command, Duration openTimeout)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(command.line())) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(openTimeout);
      IOException stdinFailure = null;
      try (OutputStream in = channel.getInvertedIn()) {
        in.write(command.stdin());
        in.flush();
      } catch (IOException e) {
        // A command may exit without reading all its stdin; its exit status still decides.
        stdinFailure = e;
      }
      channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
      Integer status = channel.getExitStatus();
      if (status != null) {
        return new ExecResult(status, out.toByteArray(), err.toByteArray());
      }
      String signal = channel.getExitSignal();
      if (signal != null) {
        err.writeBytes(
            ("\n[killed by signal " + signal + "]\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ExecResult(
            128 + SIGNALS.getOrDefault(signal, 0), out.toByteArray(), err.toByteArray());
      }
      throw new ChannelLost(stdinFailure);
    }
  }

  /** The channel closed before the command reported how it ended. */
  static final class ChannelLost extends IOException {
    ChannelLost(Throwable cause) {
      super("the channel closed before the command reported an exit status", cause);
    }
  }
}
