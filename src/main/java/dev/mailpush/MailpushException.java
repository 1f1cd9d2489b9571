package dev.mailpush;

/**
 * The one exception family users see: what failed, where, and how to fix it. The CLI maps these to
 * exit codes and prints {@link #getMessage()} and {@link #hint()} without a stack trace.
 */
public class MailpushException extends RuntimeException {
  private final String hint;

  public MailpushException(String message, String hint) {
    super(message);
    this.hint = hint == null ? "" : hint;
  }

  public MailpushException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
  }

  /** What the user should do about it; empty when there is nothing to add. */
  public String hint() {
    return hint;
  }
}
