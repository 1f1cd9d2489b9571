package dev.mailpush.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a run orders certificates, beyond the inventory: where account keys live, whether to re-issue
 * valid certificates ({@code mailpush certs --force}), the clock renewals are judged by, and how
 * long to wait for the CA.
 */
public record AcmeOptions(
    AccountKeyStore accountKeys, boolean force, Clock clock, Duration timeout) {
  public AcmeOptions {
    Objects.requireNonNull(accountKeys, "accountKeys");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** What {@code deploy} uses: the state directory of this environment and home, no forcing. */
  public static AcmeOptions of(Map<String, String> environment, Path home, Clock clock) {
    return new AcmeOptions(
        AccountKeyStore.fromEnvironment(environment, home), false, clock, Duration.ofMinutes(2));
  }

  public AcmeOptions withForce(boolean force) {
    return new AcmeOptions(accountKeys, force, clock, timeout);
  }
}
