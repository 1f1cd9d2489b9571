package dev.mailpush.tls;

import dev.mailpush.MailpushException;

/** An ACME exchange failed: what went wrong (with the CA's own words) and what to do about it. */
public final class AcmeFailure extends MailpushException {
  public AcmeFailure(String message, String hint) {
    super(message, hint);
  }

  public AcmeFailure(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
