package dev.mailpush.playbook;

import java.util.Map;

/**
 * {@code when = "mail.enable_antispam"} or {@code "!mail.enable_greylisting"}: a boolean from the
 * model.
 */
final class When {
  private When() {}

  static boolean holds(String expression, Map<String, Object> model, String where) {
    String e = expression.strip();
    boolean negate = e.startsWith("!");
    if (negate) {
      e = e.substring(1).strip();
    }
    Object value = Model.lookup(model, e, where);
    if (value instanceof Boolean b) {
      return b != negate;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s) != negate;
    }
    throw new PlaybookException(
        where, "when = \"" + expression + "\" is not a boolean (" + value + ")", "");
  }
}
