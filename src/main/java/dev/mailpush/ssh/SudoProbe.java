package dev.mailpush.ssh;

import java.util.List;
import java.util.Locale;

/**
 * Reads what {@code sudo -n true} and the password check said; pure, so it is tested without a
 * host.
 */
final class SudoProbe {
  static final List<String> PROBE = List.of("sudo", "-n", "true");
  static final List<String> PASSWORD_CHECK = List.of("true");

  private SudoProbe() {}

  /** NOPASSWD or password needed; throws when sudo cannot work at all. */
  static Privilege interpret(String host, String user, ExecResult probe) {
    if (probe.succeeded()) {
      return Privilege.SUDO_NOPASSWD;
    }
    String err = probe.stderrText().toLowerCase(Locale.ROOT);
    if (probe.exitCode() == 127
        || err.contains("command not found")
        || err.contains("sudo: not found")) {
      throw new SshException(
          SshException.Kind.SUDO_REFUSED,
          "sudo is not installed on " + host,
          "Install sudo on the host, or connect as root with become = \"none\".");
    }
    if (notAllowed(err)) {
      throw refused(host, user, probe);
    }
    return Privilege.SUDO_PASSWORD;
  }

  /** Checks the outcome of running {@code true} through sudo with the password. */
  static void checkPassword(String host, String user, ExecResult check) {
    if (check.succeeded()) {
      return;
    }
    String err = check.stderrText().toLowerCase(Locale.ROOT);
    if (notAllowed(err)) {
      throw refused(host, user, check);
    }
    throw new SshException(
        SshException.Kind.SUDO_REFUSED,
        "sudo on " + host + " refused the password given for user " + user,
        "Check MAILPUSH_BECOME_PASSWORD (or the password typed at the prompt) for " + user + ".");
  }

  private static boolean notAllowed(String stderr) {
    return stderr.contains("not in the sudoers") || stderr.contains("is not allowed to");
  }

  private static SshException refused(String host, String user, ExecResult result) {
    return new SshException(
        SshException.Kind.SUDO_REFUSED,
        "sudo on " + host + " does not allow user " + user + ": " + result.stderrText().strip(),
        "Add "
            + user
            + " to the sudo (Debian) or wheel (RHEL) group, or connect as root with become = \"none\".");
  }
}
