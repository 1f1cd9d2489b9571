package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Does the server relay mail it should not? MAIL FROM and RCPT TO with addresses outside the host's
 * domains and without AUTH: on port 25 from outside (an open relay), on submission after TLS
 * (relaying without authentication). The probe stops after RCPT TO, so nothing is ever delivered.
 */
final class RelayProbe {
  // Reserved names (RFC 2606), so a probe address belongs to no one; four, so that MAIL FROM and
  // RCPT TO still get two different ones when the host itself serves two of them.
  private static final List<String> OUTSIDE =
      List.of("example.net", "example.com", "example.org", "relay-probe.invalid");

  private final Duration timeout;

  RelayProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** The {@code -open-relay} check, on a fresh connection. */
  Check openRelay(Target t, Endpoint e) {
    try (Conversation c = Conversation.open(t.address(), t.port(e.port()), timeout)) {
      c.smtpReply();
      SmtpReply ehlo = c.command("EHLO " + Preamble.EHLO_NAME);
      if (!ehlo.positive()) {
        return new Check(
            Subject.host(t.host()),
            e.name() + "-open-relay",
            Status.OK,
            ehlo.text(),
            "relay refused",
            null,
            "EHLO refused; no relaying possible");
      }
      return attempt(t, e, c, false);
    } catch (IOException ex) {
      return new Check(
          Subject.host(t.host()),
          e.name() + "-open-relay",
          Status.WARN,
          ex.getMessage(),
          "relay refused",
          null,
          "the relay probe could not finish: " + ex.getMessage());
    }
  }

  /**
   * The {@code -relay-without-auth} check on a submission conversation that has just switched to
   * TLS (so it starts with a new EHLO).
   */
  static Check withoutAuth(Target t, Endpoint e, Conversation c) {
    return attempt(t, e, c, true);
  }

  /** MAIL FROM and RCPT TO outside the host's domains, without AUTH; stops before DATA. */
  private static Check attempt(Target t, Endpoint e, Conversation c, boolean submission) {
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
}
