package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.List;
import java.util.Locale;

/**
 * Pure checks of what a STARTTLS endpoint says in the clear, before TLS ({@link Preamble.Result}):
 * the SMTP banner, AUTH and SIZE in the EHLO reply, IMAP's LOGINDISABLED. Anyone on the path sees
 * this part of the conversation, which is why it must not offer to take a password.
 */
final class PlaintextChecks {
  private PlaintextChecks() {}

  static Check banner(Target t, Endpoint e, String greeting) {
    String text = greeting.length() > 4 ? greeting.substring(4) : greeting;
    String first = text.strip().split("\\s+", 2)[0];
    boolean ok = greeting.startsWith("220") && first.equalsIgnoreCase(t.hostname());
    return new Check(
        Subject.host(t.host()),
        e.name() + "-banner",
        ok ? Status.OK : Status.FAIL,
        greeting,
        "220 " + t.hostname(),
        ok ? null : "Postfix: myhostname = " + t.hostname() + " (smtpd_banner = $myhostname ESMTP)",
        ok ? "banner names " + t.hostname() : "the banner does not start with " + t.hostname());
  }

  static Check authBeforeTls(Target t, Endpoint e, List<String> ehlo) {
    SmtpReply r = new SmtpReply(250, ehlo);
    boolean auth = r.hasExtension("AUTH");
    return new Check(
        Subject.host(t.host()),
        e.name() + "-auth-before-tls",
        auth ? Status.FAIL : Status.OK,
        auth ? r.extension("AUTH") : "no AUTH",
        "no AUTH before STARTTLS",
        auth ? "Postfix: smtpd_tls_auth_only = yes" : null,
        auth
            ? "AUTH is offered before TLS: passwords could cross the network in clear"
            : "AUTH is not offered before TLS");
  }

  /**
   * The SIZE the server advertises is the inventory's max_message_mb: mail up to it is accepted,
   * none larger.
   */
  static Check size(Target t, Endpoint e, List<String> ehlo) {
    SmtpReply r = new SmtpReply(250, ehlo);
    String expected = "SIZE " + t.maxMessageBytes() + " (" + mib(t.maxMessageBytes()) + ")";
    String fix =
        "run mailpush deploy (Postfix: message_size_limit = "
            + t.maxMessageBytes()
            + ", from mail.max_message_mb)";
    if (!r.hasExtension("SIZE")) {
      return new Check(
          Subject.host(t.host()),
          e.name() + "-size",
          Status.WARN,
          "no SIZE",
          expected,
          fix,
          "port " + e.port() + " does not say how large a message may be");
    }
    String value = r.extension("SIZE").replaceFirst("(?i)^SIZE\\s*", "").strip();
    long advertised;
    try {
      advertised = Long.parseLong(value);
    } catch (NumberFormatException ex) {
      advertised = -1;
    }
    boolean ok = advertised == t.maxMessageBytes();
    return new Check(
        Subject.host(t.host()),
        e.name() + "-size",
        ok ? Status.OK : Status.FAIL,
        "SIZE " + value,
        expected,
        ok ? null : fix,
        ok
            ? "messages up to " + mib(advertised) + " accepted on port " + e.port()
            : "port "
                + e.port()
                + " accepts messages up to "
                + (advertised < 0 ? value : mib(advertised))
                + ", the inventory says "
                + mib(t.maxMessageBytes()));
  }

  private static String mib(long bytes) {
    return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }

  static Check loginDisabled(Target t, Endpoint e, List<String> caps) {
    String line = caps.isEmpty() ? "" : caps.get(0);
    String u = " " + line.toUpperCase(Locale.ROOT) + " ";
    boolean disabled = u.contains(" LOGINDISABLED ");
    boolean plainAuth = u.contains(" AUTH=PLAIN ") || u.contains(" AUTH=LOGIN ");
    boolean ok = disabled && !plainAuth;
    return new Check(
        Subject.host(t.host()),
        e.name() + "-logindisabled",
        ok ? Status.OK : Status.FAIL,
        line,
        "LOGINDISABLED before STARTTLS",
        ok ? null : "Dovecot: ssl = required (or auth_allow_cleartext = no)",
        ok ? "no login before TLS" : "IMAP allows logging in before TLS");
  }
}
