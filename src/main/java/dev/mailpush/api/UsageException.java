package dev.mailpush.api;

import dev.mailpush.MailpushException;

/**
 * A request that cannot be run as asked (an unknown host name, a bad option value): nothing was
 * contacted.
 */
public class UsageException extends MailpushException {
  public UsageException(String message, String hint) {
    super(message, hint);
  }
}
