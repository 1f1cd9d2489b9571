package dev.mailpush.verify;

import java.util.Locale;

/** How one probe came out; only {@link #FAIL} makes verify exit non-zero. */
public enum Status {
  OK, WARN, FAIL, INFO;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
