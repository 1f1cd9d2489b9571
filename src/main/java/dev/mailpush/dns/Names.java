package dev.mailpush.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Domain name and address helpers. */
final class Names {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private Names() {}

  /** Lower case, no trailing dot: the form names are compared in. */
  public static String normalize(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  public static boolean same(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  /** A name as written in a zone file: absolute, with the trailing dot. */
  public static String fqdn(String name) {
    return normalize(name) + ".";
  }

  /** The address if {@code s} is an IP literal; never a DNS lookup. */
  public static Optional<InetAddress> ipLiteral(String s) {
    String t = s.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = t.contains(":") && t.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    if (v4) {
      for (String part : t.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
    }
    try {
      return Optional.of(InetAddress.getByName(t)); // a literal: parsed, not resolved
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The canonical text of an address (IPv6 compressed form is not needed: compare InetAddress). */
  public static String text(InetAddress a) {
    return a.getHostAddress();
  }

  public static boolean isV6(InetAddress a) {
    return a instanceof java.net.Inet6Address;
  }
}
