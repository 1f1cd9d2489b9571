package dev.mailpush.report;

import java.util.Objects;

/**
 * One result of {@code dns-report} or {@code verify} (and whatever else checks a server): what was
 * looked at, how it came out, and what to do about it.
 *
 * @param check short stable name: {@code mx}, {@code spf}, {@code dkim}, {@code
 *     smtp-25-starttls}...
 * @param found what DNS or the server has, or {@code null}
 * @param expected what it should have, or {@code null}
 * @param fix the exact zone-file line to publish or setting to change, or {@code null} when none is
 *     needed
 * @param message one sentence for humans
 */
public record Check(
    Subject subject,
    String check,
    Status status,
    String found,
    String expected,
    String fix,
    String message) {

  public Check {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** The virtual domain, or {@code null} for a check of a host alone. */
  public String domain() {
    return subject.domain();
  }

  /** The inventory host, or {@code null} for a check of a domain alone. */
  public String host() {
    return subject.host();
  }

  /** A copy with another status (e.g. a missing optional record is only INFO). */
  public Check withStatus(Status s) {
    return new Check(subject, check, s, found, expected, fix, message);
  }

  public boolean failed() {
    return status == Status.FAIL;
  }
}
