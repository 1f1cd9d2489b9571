package dev.mailpush.verify;

import java.util.List;
import java.util.Locale;

/**
 * One SMTP reply: its code and the text of each line ({@code 250-PIPELINING} gives {@code
 * PIPELINING}).
 */
record SmtpReply(int code, List<String> lines) {
  public SmtpReply {
    lines = List.copyOf(lines);
  }

  public boolean positive() {
    return code >= 200 && code < 400;
  }

  /**
   * Whether an EHLO reply lists an extension (case-insensitive, first word of a line after the
   * first).
   */
  public boolean hasExtension(String keyword) {
    for (int i = 1; i < lines.size(); i++) {
      String word = lines.get(i).strip().split("[ =]", 2)[0].toUpperCase(Locale.ROOT);
      if (word.equals(keyword.toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The extension's line, e.g. {@code AUTH PLAIN LOGIN}. */
  public String extension(String keyword) {
    for (int i = 1; i < lines.size(); i++) {
      String word = lines.get(i).strip().split("[ =]", 2)[0].toUpperCase(Locale.ROOT);
      if (word.equals(keyword.toUpperCase(Locale.ROOT))) {
        return lines.get(i).strip();
      }
    }
    return "";
  }

  public String text() {
    return code + " " + String.join(" / ", lines);
  }
}
