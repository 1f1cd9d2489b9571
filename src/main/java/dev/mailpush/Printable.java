package dev.mailpush;

import java.util.Locale;

/**
 * Text shown to the admin that came from elsewhere (an inventory key, a host's file or command
 * output), with the characters that act on a terminal shown as a backslash-u escape instead of
 * printed raw: C0/C1 controls (an escape sequence could clear the screen, retitle the window or
 * hide a line), Unicode line and paragraph separators, and format characters (bidi overrides,
 * zero-width) that reorder or hide text.
 */
public final class Printable {
  private Printable() {}

  /** Everything escaped, line breaks and tabs included: for a value echoed inside one line. */
  public static String inline(String s) {
    return escape(s, false);
  }

  /** Line breaks and tabs kept: for multi-line text such as a diff or a validator's message. */
  public static String block(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean keepLayout) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              boolean layout = keepLayout && (c == '\n' || c == '\t');
              if (!layout
                  && (Character.isISOControl(c)
                      || type == Character.FORMAT
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
