package dev.mailpush.ssh;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns what MINA and the JDK throw while connecting into a {@link SshException} that says what to
 * do.
 */
final class ConnectErrors {
  private ConnectErrors() {}

  /** A failure before the SSH handshake: TCP connect or name resolution. */
  static SshException connect(String who, Throwable t) {
    Throwable root = root(t);
    if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      return new SshException(
          SshException.Kind.UNREACHABLE,
          "cannot resolve the address of " + who,
          "Check the host's address in the inventory and your DNS.",
          t);
    }
    if (root instanceof SocketTimeoutException) {
      return timeout(who, null, t);
    }
    String what =
        root instanceof ConnectException
            ? "connection refused"
            : root instanceof NoRouteToHostException ? "no route to host" : rootMessage(t);
    return new SshException(
        SshException.Kind.UNREACHABLE,
        "cannot connect to " + who + ": " + what,
        "Check that the host is up, that sshd listens on that port, and that no firewall blocks it.",
        t);
  }

  static SshException timeout(String who, Duration timeout, Throwable cause) {
    return new SshException(
        SshException.Kind.TIMEOUT,
        "no SSH answer from "
            + who
            + (timeout == null ? "" : " within " + timeout.toSeconds() + " s"),
        "Check that the host is up and that port is sshd (not filtered), or raise the connect timeout.",
        cause);
  }

  /** A failure after TCP connected: authentication refused, or the handshake broke. */
  static SshException auth(String who, String user, List<?> keyFiles, Throwable t) {
    String message = rootMessage(t).toLowerCase(Locale.ROOT);
    if (message.contains("no more authentication methods")
        || message.contains("authentication")
        || message.contains("auth")) {
      return new SshException(
          SshException.Kind.AUTH_REFUSED,
          who
              + " refused public-key login for user "
              + user
              + " with "
              + String.join(", ", keyFiles.stream().map(String::valueOf).toList()),
          "Check the user name, and that the public key is in ~"
              + user
              + "/.ssh/authorized_keys on the host (ssh-copy-id -i KEY.pub "
              + user
              + "@HOST).",
          t);
    }
    return new SshException(
        SshException.Kind.UNREACHABLE,
        "SSH handshake with " + who + " failed: " + rootMessage(t),
        "Check that the port is an SSH server and that it supports current algorithms (ed25519/ECDSA/RSA-SHA2).",
        t);
  }

  static Throwable root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  static String rootMessage(Throwable t) {
    Throwable r = root(t);
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }
}
