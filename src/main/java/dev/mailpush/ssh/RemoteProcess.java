package dev.mailpush.ssh;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command running on a host whose stdin and stdout are streams while it runs: one end of a
 * protocol the admin machine relays to another host ({@link #relay}), so the hosts need no access
 * to each other.
 */
public interface RemoteProcess extends AutoCloseable {
  /** The command's stdin; closing it sends EOF. */
  OutputStream stdin();

  /** The command's stdout, with SSH's flow control (a slow reader slows the command). */
  InputStream stdout();

  /**
   * Waits for the command to end: its exit status and stderr (stdout was the stream).
   *
   * @throws SshException when the connection was lost before the command ended
   */
  ExecResult waitFor();

  /** Ends the channel (the command gets SIGHUP from sshd if still running). */
  @Override
  void close();

  /**
   * Connects two running commands: each one's stdout becomes the other's stdin, EOF included, until
   * both have ended. Returns their results, {@code a}'s first.
   */
  static ExecResult[] relay(RemoteProcess a, RemoteProcess b) {
    Thread ab = new Thread(() -> pump(a.stdout(), b.stdin()), "relay-a-b");
    Thread ba = new Thread(() -> pump(b.stdout(), a.stdin()), "relay-b-a");
    ab.setDaemon(true);
    ba.setDaemon(true);
    ab.start();
    ba.start();
    try {
      ExecResult[] results = {a.waitFor(), b.waitFor()};
      ab.join();
      ba.join();
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      a.close();
      b.close();
    }
  }

  private static void pump(InputStream from, OutputStream to) {
    byte[] buffer = new byte[64 * 1024];
    try (to) {
      for (int n; (n = from.read(buffer)) >= 0; ) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (java.io.IOException e) {
      // One side ended or the connection broke: waitFor() of that side says how.
    }
  }
}
