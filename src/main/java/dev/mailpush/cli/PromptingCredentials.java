package dev.mailpush.cli;

import dev.mailpush.ssh.Credentials;
import dev.mailpush.ssh.Secret;
import java.io.Console;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets from the environment ({@code MAILPUSH_KEY_PASSPHRASE}, {@code MAILPUSH_BECOME_PASSWORD})
 * or, on a terminal, asked once per run and remembered: hosts connect in parallel, so asking is
 * synchronized.
 */
final class PromptingCredentials implements Credentials {
  private final PrintWriter err;
  private final Map<String, String> environment;
  private final Map<String, Optional<Secret>> passphrases = new HashMap<>();
  private Optional<Secret> become;

  PromptingCredentials(PrintWriter err, Map<String, String> environment) {
    this.err = err;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public synchronized Optional<Secret> keyPassphrase(String keyFile) {
    return passphrases.computeIfAbsent(
        keyFile, f -> fromEnvOrPrompt("MAILPUSH_KEY_PASSPHRASE", "Passphrase for " + f + ": "));
  }

  @Override
  public synchronized Optional<Secret> becomePassword() {
    if (become == null) {
      become =
          fromEnvOrPrompt("MAILPUSH_BECOME_PASSWORD", "sudo password (asked once for all hosts): ");
    }
    return become;
  }

  private Optional<Secret> fromEnvOrPrompt(String variable, String prompt) {
    String env = environment.get(variable);
    if (env != null && !env.isEmpty()) {
      return Optional.of(new Secret(env));
    }
    Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    err.flush();
    char[] typed = console.readPassword("%s", prompt);
    return typed == null ? Optional.empty() : Optional.of(new Secret(new String(typed)));
  }
}
