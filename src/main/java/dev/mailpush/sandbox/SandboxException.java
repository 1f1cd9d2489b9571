package dev.mailpush.sandbox;

import dev.mailpush.MailpushException;

/** A sandbox could not be started, found or removed: what went wrong and what to do about it. */
public final class SandboxException extends MailpushException {
  SandboxException(String message, String hint) {
    super(message, hint);
  }
}
