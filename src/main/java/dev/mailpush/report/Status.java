package dev.mailpush.report;

import java.util.Locale;

/** How one check came out; only {@link #FAIL} makes a report exit non-zero. */
public enum Status {
  OK,
  WARN,
  FAIL,
  INFO;

  /** {@code ok}, {@code warn}, {@code fail}, {@code info}: the JSON value. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
