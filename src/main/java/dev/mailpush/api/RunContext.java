package dev.mailpush.api;

import dev.mailpush.ssh.Credentials;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run takes from the world outside the inventory, given once and passed down: no class
 * below reads the environment, the clock or the home directory on its own, so a script (or a test)
 * controls them.
 *
 * @param clock what certificate renewals and reports are judged by
 * @param environment the variables mailpush reads: {@code MAILPUSH_STATE_DIR}, {@code
 *     XDG_STATE_HOME}
 * @param home the admin's home directory: {@code ~} in inventory paths, {@code ~/.ssh}, the state
 *     directory
 * @param credentials where key passphrases and the sudo password come from (asked once per run)
 */
public record RunContext(
    Clock clock, Map<String, String> environment, Path home, Credentials credentials) {
  public RunContext {
    Objects.requireNonNull(clock, "clock");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** This process's environment, home and clock; secrets from {@code credentials}. */
  public static RunContext system(Credentials credentials) {
    return new RunContext(
        Clock.systemUTC(), System.getenv(), Path.of(System.getProperty("user.home")), credentials);
  }

  /** For scripts that need no secrets: key files without passphrase, sudo without password. */
  public static RunContext system() {
    return system(Credentials.none());
  }
}
