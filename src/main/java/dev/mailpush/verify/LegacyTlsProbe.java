package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code -legacy-tls} check of one endpoint: a fresh connection taken to where TLS would start
 * (through the plaintext preamble on STARTTLS ports), then {@link LegacyTls}'s hand-built TLS
 * 1.0/1.1 ClientHello, and its outcome judged.
 */
final class LegacyTlsProbe {
  private final Duration timeout;

  LegacyTlsProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** Empty when the server refuses STARTTLS: the STARTTLS check already reports that. */
  Optional<Check> probe(Target t, Endpoint e) {
    String check = e.name() + "-legacy-tls";
    LegacyTls.Outcome o;
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      if (!e.implicitTls()) {
        Preamble.Result pre = Preamble.run(c, e);
        if (!pre.tlsReady()) {
          return Optional.empty();
        }
      }
      o = LegacyTls.probe(c.in(), c.out(), t.hostname());
    } catch (IOException ex) {
      o = new LegacyTls.Outcome.Inconclusive(ex.getMessage());
    }
    String expected = "TLS 1.0 and 1.1 refused";
    if (o instanceof LegacyTls.Outcome.Accepted a) {
      return Optional.of(
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
      return Optional.of(
          new Check(
              Subject.host(t.host()),
              check,
              Status.OK,
              "refused (" + r.how() + ")",
              expected,
              null,
              "TLS 1.0/1.1 refused on port " + e.port()));
    } else {
      return Optional.of(
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
}
