package dev.mailpush.verify;

import java.util.Objects;

/**
 * One probe's result for one host.
 *
 * @param check stable name such as {@code port-25}, {@code smtp-25-starttls}, {@code imaps-993-cert-expiry}
 * @param fix what to change on the server, or {@code null}
 */
public record Check(String host, String check, Status status, String found, String expected, String fix,
    String message) {
  public Check {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }
}
