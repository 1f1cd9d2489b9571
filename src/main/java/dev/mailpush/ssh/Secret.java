package dev.mailpush.ssh;

import java.util.Objects;

/**
 * A value that must never be printed: it renders as {@code ***} everywhere but {@link #reveal()}.
 */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  /** The real value, for the one place that sends it (stdin of a remote process). */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }
}
