package dev.mailpush.dns;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A {@code tag=value; tag=value} list (DKIM RFC 6376 3.2, DMARC, MTA-STS, TLS-RPT). */
final class TagList {
  private TagList() {}

  /**
   * Tags in order, names lower-cased, values trimmed.
   *
   * @throws IllegalArgumentException on a tag without {@code =} or a duplicate tag
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("\"" + p + "\" is not tag=value");
      }
      String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("invalid tag name \"" + name + "\"");
      }
      if (tags.put(name, p.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("tag " + name + " appears twice");
      }
    }
    return tags;
  }

  /** The first tag's name, or "". */
  public static String first(Map<String, String> tags) {
    return tags.isEmpty() ? "" : tags.keySet().iterator().next();
  }
}
