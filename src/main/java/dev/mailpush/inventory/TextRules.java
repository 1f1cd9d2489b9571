package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.util.Locale;

/**
 * Which characters free text may hold, by where it is written. Inventory values end up in config
 * files and shell commands on the hosts, so each rule is an allow-list: {@link #safeText} is the
 * first line of defence against injection and applies to every string value, the others to text for
 * one particular file.
 */
final class TextRules {
  private static final String UNSAFE = "\"'`;$\\";

  private TextRules() {}

  /** No control characters, quotes, {@code ;}, {@code $}, backticks or backslashes in any value. */
  static Checked safeText(String v) {
    for (int i = 0; i < v.length(); i = v.offsetByCodePoints(i, 1)) {
      int c = v.codePointAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        // Named rather than echoed: printed raw, it would break the message or act on the terminal.
        String what =
            c == '\n' || c == '\r'
                ? "a line break"
                : c == 0
                    ? "a NUL character"
                    : String.format(Locale.ROOT, "the control character U+%04X", c);
        return bad("contains " + what, "write the value on one line, without control characters");
      }
      if (UNSAFE.indexOf(c) >= 0) {
        return bad(
            "contains the character " + (char) c,
            "quotes, ;, $, backticks and backslashes are never needed here, and they are refused because values"
                + " are written into config files and shell commands on the host");
      }
    }
    return ok(v);
  }

  /**
   * A main.cf value: one line of printable ASCII ($ is Postfix's own macro syntax, not a shell).
   */
  static Checked postfixValue(String v) {
    if (v.length() > 500 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return bad(
          "must be one line of printable ASCII (at most 500 characters)",
          "write the value as Postfix expects it, e.g. relayhost = \"[smtp.example.net]:587\"");
    }
    return ok(v.strip());
  }

  /** The SMTP greeting and the IMAP banner are ASCII, one line. */
  static Checked serverLabel(String v) {
    if (v.isBlank() || v.length() > 100 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return bad(
          "must be 1 to 100 printable ASCII characters",
          "it appears in the SMTP greeting, which is ASCII only, e.g. \"Example mail server\"");
    }
    // Dovecot expands %-variables and Postfix $-macros in greetings: a stray one would break
    // every login.
    if (v.contains("%") || v.contains("$") || v.contains("{") || v.contains("}")) {
      return bad(
          "must not contain %, $, { or }",
          "the mail servers would read them as variables; leave them out");
    }
    return ok(v);
  }
}
