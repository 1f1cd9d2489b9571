package dev.mailpush.inventory;

import java.util.function.Function;

/** The outcome of one value rule: the normalised value, or what is wrong and how to fix it. */
record Checked(String value, String problem, String hint) {
  static Checked ok(String value) {
    return new Checked(value, null, null);
  }

  static Checked bad(String problem, String hint) {
    return new Checked(null, problem, hint);
  }

  boolean isOk() {
    return problem == null;
  }

  Checked andThen(Function<String, Checked> next) {
    return isOk() ? next.apply(value) : this;
  }
}
