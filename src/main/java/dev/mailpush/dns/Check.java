package dev.mailpush.dns;

import java.util.Objects;

/**
 * One line of the report.
 *
 * @param domain the virtual domain, or {@code null} for a check of a host alone (PTR, blocklists)
 * @param host the inventory host name, or {@code null} for a check of a domain alone (DMARC)
 * @param check short stable name: {@code mx}, {@code spf}, {@code dkim}, {@code ptr}, {@code dnsbl:ZONE}...
 * @param found what DNS (or the host) has, or {@code null}
 * @param expected what it should have, or {@code null}
 * @param fix the exact zone-file line to publish (or the action to take), or {@code null} when none is needed
 * @param message one sentence for humans
 */
public record Check(
    String domain, String host, String check, Status status, String found, String expected, String fix,
    String message) {

  public Check {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** A copy with another status (e.g. a missing optional record is only INFO). */
  public Check withStatus(Status s) {
    return new Check(domain, host, check, s, found, expected, fix, message);
  }
}
