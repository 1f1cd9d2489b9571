package dev.mailpush.verify;

/**
 * A service port as clients use it.
 *
 * @param name check-name prefix: {@code smtp-25}, {@code smtps-465}, {@code submission-587}...
 * @param implicitTls TLS from the first byte (465, 993) rather than after STARTTLS
 */
record Endpoint(String name, Protocol protocol, int port, boolean implicitTls) {

  public enum Protocol {
    SMTP,
    IMAP,
    SIEVE
  }

  public static final Endpoint SMTP = new Endpoint("smtp-25", Protocol.SMTP, 25, false);
  public static final Endpoint SMTPS = new Endpoint("smtps-465", Protocol.SMTP, 465, true);
  public static final Endpoint SUBMISSION = new Endpoint("smtp-587", Protocol.SMTP, 587, false);
  public static final Endpoint IMAP = new Endpoint("imap-143", Protocol.IMAP, 143, false);
  public static final Endpoint IMAPS = new Endpoint("imaps-993", Protocol.IMAP, 993, true);
  public static final Endpoint SIEVE = new Endpoint("sieve-4190", Protocol.SIEVE, 4190, false);
}
