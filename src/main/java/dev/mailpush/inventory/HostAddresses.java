package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for where mailpush connects: a host's address (IPv4, IPv6 or a host name) and a jump host.
 * {@link InetAddress} only ever sees IPv6 literals here, so checking an inventory never waits on a
 * DNS lookup.
 */
final class HostAddresses {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern JUMP_HOST =
      Pattern.compile("(?:([^@]*)@)?(\\[[^\\]]*\\]|[^:@\\[\\]]+)(?::(\\d{1,5}))?");

  private HostAddresses() {}

  /** Where to connect: an IPv4 or IPv6 address, or a host name. */
  static Checked address(String v) {
    if (v.contains(":")) {
      return ipv6(v);
    }
    if (DIGITS_AND_DOTS.matcher(v).matches()) {
      return IPV4.matcher(v).matches()
          ? ok(v)
          : bad(
              "\"" + v + "\" is not a valid IPv4 address",
              "four numbers from 0 to 255 without leading zeros, e.g. 203.0.113.10");
    }
    return Names.domain(v, false);
  }

  /**
   * An address the world reaches the host at ({@code public_address}): an IPv4 or IPv6 literal,
   * never a name (it goes into A/AAAA records, SPF and PTR checks).
   */
  static Checked ipLiteral(String v) {
    Checked c = v.contains(":") || DIGITS_AND_DOTS.matcher(v).matches() ? address(v) : null;
    if (c == null) {
      return bad(
          "\"" + v + "\" is not an IP address",
          "write the IPv4 or IPv6 address the world reaches the server at, e.g. 203.0.113.10 or 2001:db8::10");
    }
    return c;
  }

  static Checked ipv6(String v) {
    String hint = "write the address without brackets or zone, e.g. 2001:db8::10";
    // Only hex digits, colons and dots, starting with a hex digit or colon: InetAddress then parses
    // the literal and never falls back to a DNS lookup.
    if (!IPV6_CHARS.matcher(v).matches()
        || (Character.digit(v.charAt(0), 16) < 0 && v.charAt(0) != ':')) {
      return bad("\"" + v + "\" is not a valid IPv6 address", hint);
    }
    try {
      InetAddress.getByName(v);
      return ok(v.toLowerCase(Locale.ROOT));
    } catch (UnknownHostException e) {
      return bad("\"" + v + "\" is not a valid IPv6 address", hint);
    }
  }

  /** A key for comparing addresses: IPv6 literals in one canonical form, names lowercase. */
  static String canonicalAddress(String address) {
    if (!address.contains(":")) {
      return address.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getByName(address).getHostAddress();
    } catch (UnknownHostException e) {
      return address;
    }
  }

  /** {@code [user@]host[:port]}; IPv6 hosts in brackets. */
  static Checked jumpHost(String v) {
    String hint = "write it as [user@]host[:port], e.g. \"admin@bastion.example.com:2222\"";
    Matcher m = JUMP_HOST.matcher(v);
    if (!m.matches()) {
      return bad("\"" + v + "\" is not [user@]host[:port]", hint);
    }
    if (m.group(1) != null && !Names.linuxUser(m.group(1)).isOk()) {
      return Names.linuxUser(m.group(1));
    }
    String host = m.group(2);
    Checked h = host.startsWith("[") ? ipv6(host.substring(1, host.length() - 1)) : address(host);
    if (!h.isOk()) {
      return h;
    }
    if (m.group(3) != null) {
      int port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        return bad(
            "port " + port + " of \"" + v + "\" is out of range", "use a port from 1 to 65535");
      }
    }
    return ok(v.toLowerCase(Locale.ROOT));
  }

  /**
   * Parses a jump host that {@link #jumpHost} accepted; the user defaults to the host's SSH user.
   */
  static SshConfig.JumpHost toJumpHost(String v, String defaultUser) {
    Matcher m = JUMP_HOST.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException("unchecked jump host");
    }
    String host =
        m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
    return new SshConfig.JumpHost(
        m.group(1) == null ? defaultUser : m.group(1),
        host,
        m.group(3) == null ? 22 : Integer.parseInt(m.group(3)));
  }
}
