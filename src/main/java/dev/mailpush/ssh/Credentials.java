package dev.mailpush.ssh;

import java.util.Optional;

/**
 * Where secrets come from when a host needs them. Implementations ask the user at most once per run
 * (the CLI prompts on the console or reads {@code MAILPUSH_KEY_PASSPHRASE} / {@code
 * MAILPUSH_BECOME_PASSWORD}) and must be thread-safe: hosts connect in parallel.
 */
public interface Credentials {
  /** Passphrase for an encrypted private key file, or empty when none can be had. */
  Optional<Secret> keyPassphrase(String keyFile);

  /** The sudo password, or empty when none can be had. */
  Optional<Secret> becomePassword();

  /** For scripts and tests: never asks, knows nothing. */
  static Credentials none() {
    return new Credentials() {
      @Override
      public Optional<Secret> keyPassphrase(String keyFile) {
        return Optional.empty();
      }

      @Override
      public Optional<Secret> becomePassword() {
        return Optional.empty();
      }
    };
  }
}
