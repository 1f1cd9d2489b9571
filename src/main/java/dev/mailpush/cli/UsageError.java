package dev.mailpush.cli;

import dev.mailpush.MailpushException;

/** A bad invocation found after parsing (an unknown --limit host, a bad --serial): exit 2, nothing contacted. */
final class UsageError extends MailpushException {
  UsageError(String message, String hint) {
    super(message, hint);
  }
}
