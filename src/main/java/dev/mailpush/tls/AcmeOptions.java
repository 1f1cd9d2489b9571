package dev.mailpush.tls;

import dev.mailpush.dns.DnsLookup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run orders certificates, beyond the inventory: where account keys live, whether to re-issue
 * valid certificates ({@code mailpush certs --force}), the clock renewals are judged by, how long
 * to wait for the CA, and where an order looks up the host's TLSA records to choose its key: the
 * {@code [dns]} server when the inventory has one. Without one nothing is looked up and the next
 * key is used: mailpush does not publish there, and dns-report prints the next key's record beside
 * the current one for whoever publishes by hand.
 */
public record AcmeOptions(
    AccountKeyStore accountKeys,
    boolean force,
    Clock clock,
    Duration timeout,
    Optional<DnsLookup> dane) {
  public AcmeOptions {
    Objects.requireNonNull(accountKeys, "accountKeys");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(dane, "dane");
  }

  /** No TLSA lookup (an inventory without {@code [dns]}). */
  public AcmeOptions(AccountKeyStore accountKeys, boolean force, Clock clock, Duration timeout) {
    this(accountKeys, force, clock, timeout, Optional.empty());
  }

  /** What {@code deploy} uses: the state directory of this environment and home, no forcing. */
  public static AcmeOptions of(Map<String, String> environment, Path home, Clock clock) {
    return new AcmeOptions(
        AccountKeyStore.fromEnvironment(environment, home), false, clock, Duration.ofMinutes(2));
  }

  public AcmeOptions withForce(boolean force) {
    return new AcmeOptions(accountKeys, force, clock, timeout, dane);
  }

  /** TLSA looked up from {@code lookup} (the {@code [dns]} server). */
  public AcmeOptions withDane(DnsLookup lookup) {
    return new AcmeOptions(accountKeys, force, clock, timeout, Optional.of(lookup));
  }
}
