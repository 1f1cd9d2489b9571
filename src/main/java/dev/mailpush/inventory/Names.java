package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for names: domain names, DNS labels, e-mail addresses and Linux user names. They become
 * Postfix and Dovecot maps, DNS records and accounts on the host, so each is the plain ASCII form
 * those systems agree on, lowercase where case does not matter.
 */
final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LINUX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
  private static final String LDH_HINT =
      "a domain name is labels of lowercase letters, digits and inner hyphens (1-63 characters) separated by dots";

  private Names() {}

  private static final java.util.regex.Pattern QUOTA =
      java.util.regex.Pattern.compile("(0|[1-9][0-9]{0,5}[KMGT]?)");

  /** A mailbox size as Dovecot reads it: "2G", "500M", bytes, or "0" for no limit. */
  static Checked quota(String v) {
    String q = v.strip().toUpperCase(Locale.ROOT);
    return QUOTA.matcher(q).matches()
        ? ok(q)
        : bad(
            "\"" + v + "\" is not a mailbox size",
            "write a number with K, M, G or T (\"2G\", \"500M\"), or \"0\" for no limit");
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
    // An all-digit last label means a mistyped IPv4 address more often than a name.
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

  /** One label of a name, such as the DKIM selector. */
  static Checked dnsLabel(String v) {
    String d = v.toLowerCase(Locale.ROOT);
    return LABEL.matcher(d).matches()
        ? ok(d)
        : bad(
            "\"" + v + "\" is not a DNS label",
            "use letters, digits and inner hyphens, e.g. \"mail\" or \"mail2025\"");
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

  /** An address as mailpush keeps it: checked, then lowercased (addresses match in any case). */
  static Checked lowercaseEmail(String v) {
    return email(v).andThen(e -> ok(e.toLowerCase(Locale.ROOT)));
  }

  /** A whole domain or one sender address, as the greylisting pass list takes them. */
  static Checked domainOrEmail(String v) {
    return v.contains("@") ? lowercaseEmail(v) : fqdn(v);
  }

  /** Shows the punycode form of an internationalised name, so the fix can be copied. */
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
