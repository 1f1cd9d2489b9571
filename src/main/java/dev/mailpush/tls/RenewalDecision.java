package dev.mailpush.tls;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a host's certificate must be ordered now, and why. A still-valid certificate is never
 * re-ordered.
 */
sealed interface RenewalDecision {

  String reason();

  /** The current certificate stays. */
  record Keep(String reason) implements RenewalDecision {
    public Keep {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A certificate must be ordered; {@code reason} says why (shown as "would issue/renew (reason)").
   */
  record Renew(String reason) implements RenewalDecision {
    public Renew {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** What the host has at {@code fullchain.pem}. */
  sealed interface Current {
    record Missing() implements Current {}

    record Unreadable() implements Current {}

    record Present(CertificateInfo info) implements Current {}

    static Current of(Optional<byte[]> file) {
      if (file.isEmpty()) {
        return new Missing();
      }
      return CertificateInfo.parse(file.get())
          .<Current>map(Present::new)
          .orElseGet(Unreadable::new);
    }
  }

  /**
   * @param renewDays renew when fewer days than this remain
   * @param force re-issue whatever the current certificate is ({@code mailpush certs --force})
   */
  static RenewalDecision decide(
      Current current,
      String hostname,
      AcmeDirectory directory,
      int renewDays,
      Instant now,
      boolean force) {
    return decide(current, List.of(hostname), directory, renewDays, now, force);
  }

  /**
   * @param names every name the certificate must hold (the host's, then mta-sts. and autoconfig.
   *     names): one missing is a reason to order now
   */
  static RenewalDecision decide(
      Current current,
      List<String> names,
      AcmeDirectory directory,
      int renewDays,
      Instant now,
      boolean force) {
    if (current instanceof Current.Missing) {
      return new Renew("no certificate yet");
    }
    if (current instanceof Current.Unreadable) {
      return new Renew("the current certificate cannot be read");
    }
    CertificateInfo c = ((Current.Present) current).info();
    if (c.selfSigned()) {
      return new Renew("the current certificate is self-signed");
    }
    List<String> missing = names.stream().filter(n -> !c.covers(n)).toList();
    if (!missing.isEmpty()) {
      return new Renew(
          "the current certificate's names "
              + c.dnsNames()
              + " do not cover "
              + String.join(", ", missing));
    }
    if (directory.isLetsEncryptProduction() && c.issuer().contains("(STAGING)")) {
      return new Renew("the current certificate comes from Let's Encrypt's staging CA");
    }
    String until = DateTimeFormatter.ISO_LOCAL_DATE.format(c.notAfter().atOffset(ZoneOffset.UTC));
    if (!c.notAfter().isAfter(now)) {
      return new Renew("the current certificate expired on " + until);
    }
    long daysLeft = Duration.between(now, c.notAfter()).toDays();
    if (force) {
      return new Renew("--force (the current one is valid until " + until + ")");
    }
    if (c.notAfter().isBefore(now.plus(Duration.ofDays(renewDays)))) {
      return new Renew(
          "expires on "
              + until
              + ", "
              + daysLeft
              + " day"
              + (daysLeft == 1 ? "" : "s")
              + " left (renew_days = "
              + renewDays
              + ")");
    }
    if (c.notBefore().isAfter(now)) {
      return new Renew(
          "the current certificate is not valid before "
              + DateTimeFormatter.ISO_LOCAL_DATE.format(c.notBefore().atOffset(ZoneOffset.UTC)));
    }
    return new Keep(
        "valid until "
            + until
            + " ("
            + daysLeft
            + " days left; renews when fewer than "
            + renewDays
            + " remain)");
  }
}
