package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The argv that runs target-user.sh, the one script that makes a target's login user, with every
 * value as a positional parameter: nothing is spliced into the script, so the values are checked
 * only for what the script's files need (a plain login name, one line each).
 */
final class TargetUserCommand {
  private static final String SCRIPT = resource("target-user.sh");

  private TargetUserCommand() {}

  /** See {@link SystemdContainer#userCommand(String, String)}. */
  static List<String> passwordless(String user, String publicKey) {
    return List.of("sh", "-c", SCRIPT, "sh", checkUser(user), checkLine("publicKey", publicKey));
  }

  /** See {@link SystemdContainer#userCommand(String, String, String)}. */
  static List<String> withSudoPassword(String user, String publicKey, String sudoPassword) {
    if (checkLine("sudoPassword", sudoPassword).contains(":")) {
      throw new IllegalArgumentException(
          "sudoPassword must not contain ':' (chpasswd's separator)");
    }
    return List.of(
        "sh", "-c", SCRIPT, "sh", checkUser(user), checkLine("publicKey", publicKey), sudoPassword);
  }

  private static String checkUser(String user) {
    if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "user (" + user + ") must be a plain login name such as admin");
    }
    return user;
  }

  /** authorized_keys and chpasswd take one entry a line: a line break would add a second one. */
  private static String checkLine(String what, String value) {
    if (value.isBlank() || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(what + " must be one non-blank line");
    }
    return value;
  }

  /**
   * A resource rather than a Java string: bench/run.sh reads the same file from the source tree.
   */
  private static String resource(String file) {
    try (InputStream in = SystemdContainer.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(
            file + " is missing beside " + SystemdContainer.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
