package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Probes one host from outside, the way a mail client or another mail server sees it: ports,
 * banner, STARTTLS, TLS versions, certificate, authentication policy before TLS, relay policy.
 * Every connection is a fresh one; nothing is ever delivered (relay probes stop after RCPT TO) and
 * nothing authenticates.
 */
public final class Verifier {
  private static final List<String> OUTSIDE =
      List.of("example.net", "example.com", "example.org", "relay-probe.invalid");

  private final Trust trust;
  private final Duration timeout;
  private final Clock clock;

  public Verifier(Trust trust, Duration timeout, Clock clock) {
    this.trust = trust;
    this.timeout = timeout;
    this.clock = clock;
  }

  public List<Check> verify(Target t) {
    List<Check> checks = new ArrayList<>();
    List<Endpoint> reachable = new ArrayList<>();
    for (Endpoint e : t.endpoints()) {
      int port = t.port(e.port());
      String where = t.address() + ":" + port;
      try {
        Conversation.open(t.address(), port, timeout).close();
        reachable.add(e);
        checks.add(
            new Check(
                Subject.host(t.host()),
                "port-" + e.port(),
                Status.OK,
                where + " open",
                "open",
                null,
                "port " + e.port() + " reachable"));
      } catch (IOException ex) {
        checks.add(
            new Check(
                Subject.host(t.host()),
                "port-" + e.port(),
                Status.FAIL,
                where + ": " + ex.getMessage(),
                "open",
                "start the service listening on "
                    + e.port()
                    + " and open the port in the firewall"
                    + (e.port() == 25
                        ? " (some providers block port 25: ask them to unblock it)"
                        : ""),
                "port " + e.port() + " not reachable"));
      }
    }
    for (Endpoint e : reachable) {
      if (e.implicitTls()) {
        implicitTls(t, e, checks);
      } else {
        startTls(t, e, checks);
      }
      legacy(t, e, checks);
    }
    if (reachable.contains(Endpoint.SMTP)) {
      relay(t, Endpoint.SMTP, checks);
    }
    return checks;
  }

  private void startTls(Target t, Endpoint e, List<Check> checks) {
    String h = t.host();
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      Preamble.Result pre = Preamble.run(c, e);
      if (e.protocol() == Endpoint.Protocol.SMTP) {
        checks.add(banner(t, e, pre.greeting()));
        checks.add(authBeforeTls(t, e, pre.capabilities()));
        checks.add(size(t, e, pre.capabilities()));
      } else if (e.protocol() == Endpoint.Protocol.IMAP) {
        checks.add(loginDisabled(t, e, pre.capabilities()));
      }
      String check = e.name() + "-starttls";
      if (!pre.starttlsOffered()) {
        checks.add(
            new Check(
                Subject.host(h),
                check,
                Status.FAIL,
                "no STARTTLS in " + String.join(" ", pre.capabilities()),
                "STARTTLS offered",
                fixTls(e),
                "STARTTLS is not offered on " + e.port()));
        return;
      }
      if (!pre.tlsReady()) {
        checks.add(
            new Check(
                Subject.host(h),
                check,
                Status.FAIL,
                pre.refusal(),
                "STARTTLS accepted",
                fixTls(e),
                "the server refused STARTTLS on " + e.port()));
        return;
      }
      TlsClient.Outcome o = TlsClient.handshake(c.socket(), t.hostname(), t.port(e.port()));
      if (tls(t, e, check, o, checks) && e == Endpoint.SUBMISSION) {
        c.use(((TlsClient.Outcome.Negotiated) o).socket());
        checks.add(relayAfter(t, e, c, true));
      }
    } catch (IOException ex) {
      checks.add(
          new Check(
              Subject.host(h),
              e.name() + "-starttls",
              Status.FAIL,
              ex.getMessage(),
              "STARTTLS",
              fixTls(e),
              "the conversation on port " + e.port() + " failed: " + ex.getMessage()));
    }
  }

  private void implicitTls(Target t, Endpoint e, List<Check> checks) {
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      TlsClient.Outcome o = TlsClient.handshake(c.socket(), t.hostname(), t.port(e.port()));
      tls(t, e, e.name() + "-tls", o, checks);
    } catch (IOException ex) {
      checks.add(
          new Check(
              Subject.host(t.host()),
              e.name() + "-tls",
              Status.FAIL,
              ex.getMessage(),
              "TLS 1.2+",
              fixTls(e),
              "no TLS on port " + e.port() + ": " + ex.getMessage()));
    }
  }

  /** The handshake's own check plus the certificate's; true when TLS is up. */
  private boolean tls(Target t, Endpoint e, String check, TlsClient.Outcome o, List<Check> checks) {
    if (o instanceof TlsClient.Outcome.Failed f) {
      checks.add(
          new Check(
              Subject.host(t.host()),
              check,
              Status.FAIL,
              f.reason(),
              "TLS 1.2 or 1.3",
              fixTls(e),
              "no TLS 1.2+ handshake on port " + e.port()));
      return false;
    }
    TlsClient.Outcome.Negotiated n = (TlsClient.Outcome.Negotiated) o;
    checks.add(
        new Check(
            Subject.host(t.host()),
            check,
            Status.OK,
            n.protocol() + " " + n.cipher(),
            "TLS 1.2 or 1.3",
            null,
            n.protocol() + " negotiated on port " + e.port()));
    checks.add(CertificateChecks.name(t.host(), e.name(), n.chain()[0], t.hostname()));
    checks.add(CertificateChecks.trust(t.host(), e.name(), n.chain(), n.authType(), trust));
    checks.add(CertificateChecks.expiry(t.host(), e.name(), n.chain()[0], clock.instant()));
    return true;
  }

  private void legacy(Target t, Endpoint e, List<Check> checks) {
    String check = e.name() + "-legacy-tls";
    LegacyTls.Outcome o;
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      if (!e.implicitTls()) {
        Preamble.Result pre = Preamble.run(c, e);
        if (!pre.tlsReady()) {
          return; // reported by the STARTTLS check
        }
      }
      o = LegacyTls.probe(c.in(), c.out(), t.hostname());
    } catch (IOException ex) {
      o = new LegacyTls.Outcome.Inconclusive(ex.getMessage());
    }
    String expected = "TLS 1.0 and 1.1 refused";
    if (o instanceof LegacyTls.Outcome.Accepted a) {
      checks.add(
          new Check(
              Subject.host(t.host()),
              check,
              Status.FAIL,
              a.version() + " accepted",
              expected,
              e.protocol() == Endpoint.Protocol.SMTP
                  ? "Postfix: smtpd_tls_protocols = >=TLSv1.2 and smtpd_tls_mandatory_protocols = >=TLSv1.2"
                  : "Dovecot: ssl_min_protocol = TLSv1.2",
              "port " + e.port() + " still negotiates " + a.version()));
    } else if (o instanceof LegacyTls.Outcome.Refused r) {
      checks.add(
          new Check(
              Subject.host(t.host()),
              check,
              Status.OK,
              "refused (" + r.how() + ")",
              expected,
              null,
              "TLS 1.0/1.1 refused on port " + e.port()));
    } else {
      checks.add(
          new Check(
              Subject.host(t.host()),
              check,
              Status.WARN,
              ((LegacyTls.Outcome.Inconclusive) o).why(),
              expected,
              null,
              "could not tell whether port " + e.port() + " accepts TLS 1.0/1.1"));
    }
  }

  private Check banner(Target t, Endpoint e, String greeting) {
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

  private static Check authBeforeTls(Target t, Endpoint e, List<String> ehlo) {
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
  private static Check size(Target t, Endpoint e, List<String> ehlo) {
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

  private static Check loginDisabled(Target t, Endpoint e, List<String> caps) {
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

  private void relay(Target t, Endpoint e, List<Check> checks) {
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      c.smtpReply();
      SmtpReply ehlo = c.command("EHLO " + Preamble.EHLO_NAME);
      if (!ehlo.positive()) {
        checks.add(
            new Check(
                Subject.host(t.host()),
                e.name() + "-open-relay",
                Status.OK,
                ehlo.text(),
                "relay refused",
                null,
                "EHLO refused; no relaying possible"));
        return;
      }
      checks.add(relayAfter(t, e, c, false));
    } catch (IOException ex) {
      checks.add(
          new Check(
              Subject.host(t.host()),
              e.name() + "-open-relay",
              Status.WARN,
              ex.getMessage(),
              "relay refused",
              null,
              "the relay probe could not finish: " + ex.getMessage()));
    }
  }

  /** MAIL FROM and RCPT TO outside the host's domains, without AUTH; stops before DATA. */
  private Check relayAfter(Target t, Endpoint e, Conversation c, boolean submission) {
    String check = e.name() + (submission ? "-relay-without-auth" : "-open-relay");
    Predicate<String> outside = d -> t.domains().stream().noneMatch(v -> v.equalsIgnoreCase(d));
    List<String> free = OUTSIDE.stream().filter(outside).toList();
    String from = "mailpush-verify@" + free.get(0);
    String to = "relay-test@" + free.get(free.size() > 1 ? 1 : 0);
    String expected = "RCPT TO:<" + to + "> refused";
    try {
      if (submission) {
        c.command("EHLO " + Preamble.EHLO_NAME);
      }
      SmtpReply mail = c.command("MAIL FROM:<" + from + ">");
      if (!mail.positive()) {
        quit(c);
        return new Check(
            Subject.host(t.host()),
            check,
            Status.OK,
            "MAIL FROM: " + mail.text(),
            expected,
            null,
            "refused at MAIL FROM without authentication");
      }
      SmtpReply rcpt = c.command("RCPT TO:<" + to + ">");
      quit(c);
      if (rcpt.positive()) {
        return new Check(
            Subject.host(t.host()),
            check,
            Status.FAIL,
            "RCPT TO: " + rcpt.text(),
            expected,
            submission
                ? "Postfix submission: smtpd_recipient_restrictions = permit_sasl_authenticated, reject"
                : "Postfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
                    + " reject_unauth_destination; mynetworks = 127.0.0.0/8 [::1]/128",
            submission
                ? "port " + e.port() + " accepts mail for other domains without AUTH"
                : "OPEN RELAY: port 25 accepts mail from outside to outside");
      }
      return new Check(
          Subject.host(t.host()),
          check,
          Status.OK,
          "RCPT TO: " + rcpt.text(),
          expected,
          null,
          (submission ? "relaying without AUTH refused" : "not an open relay")
              + (rcpt.code() < 500 ? " (temporarily: " + rcpt.code() + ")" : ""));
    } catch (IOException ex) {
      return new Check(
          Subject.host(t.host()),
          check,
          Status.WARN,
          ex.getMessage(),
          expected,
          null,
          "the relay probe could not finish: " + ex.getMessage());
    }
  }

  private static void quit(Conversation c) {
    try {
      c.command("RSET");
      c.send("QUIT");
    } catch (IOException e) {
      // the verdict is already known
    }
  }

  private static String fixTls(Endpoint e) {
    return switch (e.protocol()) {
      case SMTP ->
          "Postfix: smtpd_tls_cert_file/smtpd_tls_key_file = /etc/mailpush/tls/{fullchain,privkey}.pem,"
              + " smtpd_tls_security_level = may (25) / encrypt (587); 465: smtpd_tls_wrappermode = yes";
      case IMAP, SIEVE ->
          "Dovecot: ssl = required, ssl_cert = </etc/mailpush/tls/fullchain.pem,"
              + " ssl_key = </etc/mailpush/tls/privkey.pem";
    };
  }
}
