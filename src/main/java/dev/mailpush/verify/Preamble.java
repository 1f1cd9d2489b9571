package dev.mailpush.verify;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The plaintext part of a STARTTLS endpoint, up to the point where the server expects a TLS
 * ClientHello. What the server said on the way is kept for the policy checks.
 */
final class Preamble {
  static final String EHLO_NAME = "mailpush-verify.invalid";

  /**
   * @param greeting the server's first line(s)
   * @param capabilities the EHLO reply (SMTP) or the capability lines (IMAP, Sieve) before TLS
   * @param tlsReady whether the server agreed to STARTTLS
   */
  record Result(
      String greeting,
      List<String> capabilities,
      boolean starttlsOffered,
      boolean tlsReady,
      String refusal) {}

  private Preamble() {}

  static Result run(Conversation c, Endpoint e) throws IOException {
    return switch (e.protocol()) {
      case SMTP -> smtp(c);
      case IMAP -> imap(c);
      case SIEVE -> sieve(c);
    };
  }

  private static Result smtp(Conversation c) throws IOException {
    SmtpReply greeting = c.smtpReply();
    SmtpReply ehlo = c.command("EHLO " + EHLO_NAME);
    boolean offered = ehlo.positive() && ehlo.hasExtension("STARTTLS");
    if (!offered) {
      return new Result(greeting.text(), ehlo.lines(), false, false, ehlo.text());
    }
    SmtpReply go = c.command("STARTTLS");
    return new Result(greeting.text(), ehlo.lines(), true, go.code() == 220, go.text());
  }

  private static Result imap(Conversation c) throws IOException {
    String greeting = c.readLine();
    c.send("a1 CAPABILITY");
    List<String> caps = c.until(l -> l.startsWith("a1 "));
    String capLine =
        caps.stream()
            .filter(l -> l.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY"))
            .findFirst()
            .orElse("");
    boolean offered = capLine.toUpperCase(Locale.ROOT).contains(" STARTTLS");
    if (!offered) {
      return new Result(greeting, List.of(capLine), false, false, caps.get(caps.size() - 1));
    }
    c.send("a2 STARTTLS");
    List<String> go = c.until(l -> l.startsWith("a2 "));
    String last = go.get(go.size() - 1);
    return new Result(
        greeting, List.of(capLine), true, last.toUpperCase(Locale.ROOT).startsWith("A2 OK"), last);
  }

  static boolean sieveEnd(String l) {
    String u = l.toUpperCase(Locale.ROOT);
    return u.startsWith("OK") || u.startsWith("NO") || u.startsWith("BYE");
  }

  private static Result sieve(Conversation c) throws IOException {
    List<String> caps = c.until(Preamble::sieveEnd);
    boolean offered =
        caps.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("\"STARTTLS\""));
    if (!offered) {
      return new Result(caps.get(caps.size() - 1), caps, false, false, "");
    }
    c.send("STARTTLS");
    List<String> go = c.until(Preamble::sieveEnd);
    String last = go.get(go.size() - 1);
    return new Result(
        caps.get(caps.size() - 1),
        caps,
        true,
        last.toUpperCase(Locale.ROOT).startsWith("OK"),
        last);
  }
}
