package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * TLS 1.2+ on one endpoint, reached either through STARTTLS or from the first byte (465, 993): the
 * handshake, then the certificate's name, trust and expiry. A STARTTLS conversation also yields
 * what the server said in the clear ({@link PlaintextChecks}) and, on submission, is reused after
 * TLS for the relay-without-auth probe, which is only meaningful once TLS is up.
 */
final class TlsProbe {
  private final Trust trust;
  private final Duration timeout;
  private final Clock clock;

  TlsProbe(Trust trust, Duration timeout, Clock clock) {
    this.trust = trust;
    this.timeout = timeout;
    this.clock = clock;
  }

  void startTls(Target t, Endpoint e, List<Check> checks) {
    String h = t.host();
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      Preamble.Result pre = Preamble.run(c, e);
      if (e.protocol() == Endpoint.Protocol.SMTP) {
        checks.add(PlaintextChecks.banner(t, e, pre.greeting()));
        checks.add(PlaintextChecks.authBeforeTls(t, e, pre.capabilities()));
        checks.add(PlaintextChecks.size(t, e, pre.capabilities()));
      } else if (e.protocol() == Endpoint.Protocol.IMAP) {
        checks.add(PlaintextChecks.loginDisabled(t, e, pre.capabilities()));
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
        checks.add(RelayProbe.withoutAuth(t, e, c));
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

  void implicitTls(Target t, Endpoint e, List<Check> checks) {
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
