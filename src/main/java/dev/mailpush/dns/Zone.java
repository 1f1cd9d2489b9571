package dev.mailpush.dns;

import java.util.ArrayList;
import java.util.List;

/** Zone-file lines to publish. */
final class Zone {
  public static final int TTL = 3600;

  /** The longest character-string a TXT record may hold (RFC 1035 3.3). */
  public static final int MAX_STRING = 255;

  private Zone() {}

  public static String mx(String domain, int preference, String target) {
    return Names.fqdn(domain) + " " + TTL + " IN MX " + preference + " " + Names.fqdn(target);
  }

  /** An SRV line: {@code _service._tcp.domain. TTL IN SRV priority weight port target.} */
  public static String srv(String name, String data) {
    return new ZoneRecord(name, "SRV", data).line(TTL);
  }

  public static String address(String name, String ip) {
    return Names.fqdn(name) + " " + TTL + " IN " + (ip.contains(":") ? "AAAA " : "A ") + ip;
  }

  /** A TXT line; values longer than 255 characters are split into several quoted strings. */
  public static String txt(String name, String value) {
    return Names.fqdn(name) + " " + TTL + " IN TXT " + String.join(" ", quoted(value));
  }

  /** The value as quoted character-strings of at most 255 characters each. */
  public static List<String> quoted(String value) {
    return chunks(value).stream()
        .map(chunk -> '"' + chunk.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
        .toList();
  }

  /** The value as character-strings of at most 255 characters each (one, when empty). */
  public static List<String> chunks(String value) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < value.length() || i == 0; i += MAX_STRING) {
      parts.add(value.substring(i, Math.min(value.length(), i + MAX_STRING)));
    }
    return parts;
  }

  /** Every quoted string of a zone-file fragment (such as opendkim-genkey's .txt), joined. */
  public static String unquote(String zoneText) {
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (int i = 0; i < zoneText.length(); i++) {
      char c = zoneText.charAt(i);
      if (!in) {
        if (c == ';') { // a comment runs to the end of the line
          while (i < zoneText.length() && zoneText.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '"') {
          in = true;
        }
      } else if (c == '\\' && i + 1 < zoneText.length()) {
        out.append(zoneText.charAt(++i));
      } else if (c == '"') {
        in = false;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
