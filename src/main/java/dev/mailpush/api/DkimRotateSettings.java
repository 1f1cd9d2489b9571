package dev.mailpush.api;

import dev.mailpush.dns.DnsLookup;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code dkim rotate} runs.
 *
 * @param check show the next step of each domain, change nothing
 * @param domain only this virtual domain (else every domain of each host)
 * @param grace how long the previous key stays published after signing switched
 * @param resolvers name servers that must also answer with the new key before signing switches (a
 *     secondary, a resolver), each HOST or HOST:PORT; without [dns] and without these, the system's
 *     resolver
 */
public record DkimRotateSettings(
    boolean check, Optional<String> domain, Duration grace, List<String> resolvers) {
  /** A week: longer than mail usually waits in queues and than verifiers take. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

  public DkimRotateSettings {
    Objects.requireNonNull(domain, "domain");
    if (grace.isNegative()) {
      throw new UsageException("--grace " + grace + " is negative", "e.g. --grace 7d");
    }
    resolvers = List.copyOf(resolvers);
    resolvers.forEach(DkimRotateSettings::resolver);
  }

  public static DkimRotateSettings defaults() {
    return new DkimRotateSettings(false, Optional.empty(), DEFAULT_GRACE, List.of());
  }

  /**
   * A duration as the command line writes it: a number and a unit, {@code s}, {@code m}, {@code h}
   * or {@code d} ({@code 7d}, {@code 12h}, {@code 0s}).
   */
  public static Duration parseDuration(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])").matcher(text.strip());
    if (!m.matches()) {
      throw new UsageException(
          "--grace " + text + ": expected a number and a unit (s, m, h, d)",
          "e.g. --grace 7d, --grace 36h, --grace 0s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** A resolver option's value, HOST or HOST:PORT, as a lookup. */
  public static DnsLookup resolver(String text) {
    return DnsSettings.parse(text, List.of(), false).resolver();
  }
}
