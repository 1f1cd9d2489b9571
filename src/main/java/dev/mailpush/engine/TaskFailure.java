package dev.mailpush.engine;

import dev.mailpush.MailpushException;

/** A step of a plan failed on the host; the message carries the remote command's own words. */
public class TaskFailure extends MailpushException {
  public TaskFailure(String message, String hint) {
    super(message, hint);
  }

  public TaskFailure(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /**
   * The step failed and left the host as it was (a validator refused the files and they were
   * restored; an order failed before the old certificate was touched): the handlers it would have
   * notified are not due.
   */
  public static class RolledBack extends TaskFailure {
    public RolledBack(String message, String hint) {
      super(message, hint);
    }

    public RolledBack(String message, String hint, Throwable cause) {
      super(message, hint, cause);
    }
  }
}
