package dev.mailpush.engine;

import dev.mailpush.MailpushException;

/** A step of a plan failed on the host; the message carries the remote command's own words. */
public class TaskFailure extends MailpushException {
  public TaskFailure(String message, String hint) {
    super(message, hint);
  }

  /** The step failed and put everything back as it was: nothing changed on the host. */
  public static final class RolledBack extends TaskFailure {
    public RolledBack(String message, String hint) {
      super(message, hint);
    }
  }
}
