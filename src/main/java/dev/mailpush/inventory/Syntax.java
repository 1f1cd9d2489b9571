package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Value rules. Inventory values end up in config files and shell commands on the hosts, so every
 * rule is an allow-list, and these checks are the first line of defence against injection.
 */
final class Syntax {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LINUX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern REMOTE_PATH = Pattern.compile("/|(/[A-Za-z0-9._@+-]+)+/?");
  private static final Pattern JUMP_HOST =
      Pattern.compile("(?:([^@]*)@)?(\\[[^\\]]*\\]|[^:@\\[\\]]+)(?::(\\d{1,5}))?");
  private static final Pattern CRYPT_HASH =
      Pattern.compile(
          String.join(
              "|",
              "\\$6\\$(rounds=\\d{4,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}",
              "\\$5\\$(rounds=\\d{4,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}",
              "\\$y\\$[./0-9A-Za-z]+\\$[./0-9A-Za-z]*\\$[./0-9A-Za-z]{43}",
              "\\$2[aby]\\$\\d\\d\\$[./0-9A-Za-z]{53}"));
  private static final String UNSAFE = "\"'`;$\\";
  private static final String LDH_HINT =
      "a domain name is labels of lowercase letters, digits and inner hyphens (1-63 characters) separated by dots";

  private Syntax() {}

  /** No control characters, quotes, {@code ;}, {@code $}, backticks or backslashes in any value. */
  static Checked safeText(String v) {
    for (int i = 0; i < v.length(); i = v.offsetByCodePoints(i, 1)) {
      int c = v.codePointAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
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

  static Checked oneOf(String v, List<String> allowed) {
    if (allowed.contains(v)) {
      return ok(v);
    }
    return bad(
        "\""
            + v
            + "\" is not one of "
            + String.join(" | ", allowed)
            + Suggestions.closest(v, allowed).map(s -> "; did you mean \"" + s + "\"?").orElse(""),
        "use one of: " + String.join(", ", allowed));
  }

  static Checked linuxUser(String v) {
    return LINUX_USER.matcher(v).matches()
        ? ok(v)
        : bad(
            "\"" + v + "\" is not a valid user name",
            "user names start with a lowercase letter or _, then up to 31 lowercase letters, digits, _ or -");
  }

  /** A domain name in LDH ASCII, lowercase-normalised; {@code fqdn} requires at least one dot. */
  static Checked domain(String v, boolean fqdn) {
    if (!v.chars().allMatch(c -> c < 128)) {
      return bad("\"" + v + "\" contains non-ASCII characters", punycodeHint(v));
    }
    String d = v.toLowerCase(Locale.ROOT);
    if (d.isEmpty()) {
      return bad("the domain name is empty", LDH_HINT);
    }
    if (d.endsWith(".")) {
      return bad(
          "\"" + v + "\" ends with a dot",
          "write it without the trailing dot: \"" + d.substring(0, d.length() - 1) + "\"");
    }
    String[] labels = d.split("\\.", -1);
    if (d.length() > 253) {
      return bad("\"" + v + "\" is longer than 253 characters", LDH_HINT);
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return bad("\"" + v + "\" is not a valid domain name (label \"" + label + "\")", LDH_HINT);
      }
    }
    if (fqdn && labels.length < 2) {
      return bad(
          "\"" + v + "\" is not a fully qualified domain name",
          "use the full name, e.g. mail.example.com");
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      return bad(
          "\"" + v + "\" is neither a domain name nor a valid IP address",
          "a top-level domain is never all digits");
    }
    return ok(d);
  }

  static Checked fqdn(String v) {
    return domain(v, true);
  }

  /** An e-mail address with a safe ASCII local part; the domain part is lowercase-normalised. */
  static Checked email(String v) {
    int at = v.lastIndexOf('@');
    if (at <= 0 || v.indexOf('@') != at) {
      return bad(
          "\"" + v + "\" is not an e-mail address",
          "write it as local-part@domain, e.g. postmaster@example.com");
    }
    String local = v.substring(0, at);
    if (!LOCAL_PART.matcher(local).matches()
        || local.startsWith(".")
        || local.endsWith(".")
        || local.contains("..")) {
      return bad(
          "\"" + v + "\" has an unsupported local part \"" + local + "\"",
          "the part before @ may use letters, digits and . _ + - (no leading, trailing or double dots)");
    }
    return fqdn(v.substring(at + 1)).andThen(domain -> ok(local + "@" + domain));
  }

  static Checked domainOrEmail(String v) {
    return v.contains("@") ? email(v).andThen(e -> ok(e.toLowerCase(Locale.ROOT))) : fqdn(v);
  }

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
    return domain(v, false);
  }

  static Checked ipv6(String v) {
    String hint = "write the address without brackets or zone, e.g. 2001:db8::10";
    // Only hex digits, colons and dots, starting with a hex digit or colon: InetAddress then parses
    // the
    // literal and never falls back to a DNS lookup.
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
    if (m.group(1) != null && !linuxUser(m.group(1)).isOk()) {
      return linuxUser(m.group(1));
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

  /**
   * A path on the admin machine; {@code ~/} and relative paths are resolved by {@link
   * PathResolver}.
   */
  static Checked localPath(String v) {
    if (v.isBlank()) {
      return bad("the path is empty", "give a file path, or leave the key out");
    }
    if (v.startsWith("~") && !v.equals("~") && !v.startsWith("~/")) {
      return bad(
          "\"" + v + "\" uses ~user, which is not supported",
          "write the full path, or ~/... for your own home directory");
    }
    return ok(v);
  }

  /** An absolute path on the target host, in a conservative character set. */
  static Checked remotePath(String v) {
    if (!REMOTE_PATH.matcher(v).matches() || List.of(v.split("/")).contains("..")) {
      return bad(
          "\"" + v + "\" is not an absolute path of plain names",
          "use an absolute path of letters, digits and . _ @ + -, e.g. /var/www/html");
    }
    return ok(v);
  }

  static Checked httpsUrl(String v) {
    String hint =
        "use an https:// URL of the ACME directory, e.g. https://acme-v02.api.letsencrypt.org/directory";
    try {
      URI uri = new URI(v);
      if (!"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        return bad("\"" + v + "\" is not an https:// URL", hint);
      }
      return ok(v);
    } catch (URISyntaxException e) {
      return bad("\"" + v + "\" is not a valid URL", hint);
    }
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
  static Checked label(String v) {
    if (v.isBlank() || v.length() > 100 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return bad(
          "must be 1 to 100 printable ASCII characters",
          "it appears in the SMTP greeting, which is ASCII only, e.g. \"Example mail server\"");
    }
    // Dovecot expands %-variables and Postfix $-macros in greetings: a stray one breaks every
    // login.
    if (v.contains("%") || v.contains("$") || v.contains("{") || v.contains("}")) {
      return bad(
          "must not contain %, $, { or }",
          "the mail servers would read them as variables; leave them out");
    }
    return ok(v);
  }

  static Checked dnsLabel(String v) {
    String d = v.toLowerCase(Locale.ROOT);
    return LABEL.matcher(d).matches()
        ? ok(d)
        : bad(
            "\"" + v + "\" is not a DNS label",
            "use letters, digits and inner hyphens, e.g. \"mail\" or \"mail2025\"");
  }

  static boolean isCryptHash(String v) {
    return CRYPT_HASH.matcher(v).matches();
  }

  private static String punycodeHint(String v) {
    try {
      return "internationalised domain names must be written in punycode: \""
          + IDN.toASCII(v, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT)
          + "\"";
    } catch (IllegalArgumentException e) {
      return "internationalised domain names must be written in punycode (xn--...)";
    }
  }
}
