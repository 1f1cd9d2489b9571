package dev.mailpush.tls;

import dev.mailpush.engine.TaskFailure;

/**
 * An ACME exchange failed: what went wrong (with the CA's own words) and what to do about it. The
 * old certificate is still in place whenever this is thrown, so nothing is due to reload.
 */
final class AcmeFailure extends TaskFailure.RolledBack {
  public AcmeFailure(String message, String hint) {
    super(message, hint);
  }

  public AcmeFailure(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
