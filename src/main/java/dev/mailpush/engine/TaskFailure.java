package dev.mailpush.engine;

import dev.mailpush.MailpushException;

/** A step of a plan failed on the host; the message carries the remote command's own words. */
public final class TaskFailure extends MailpushException {
  public TaskFailure(String message, String hint) {
    super(message, hint);
  }
}
