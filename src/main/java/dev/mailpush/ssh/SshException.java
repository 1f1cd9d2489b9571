package dev.mailpush.ssh;

import dev.mailpush.MailpushException;

/** A transport failure, classified so the report can say what to do. */
public final class SshException extends MailpushException {

  /** Why the host could not be used. */
  public enum Kind {
    UNREACHABLE,
    TIMEOUT,
    HOST_KEY_UNKNOWN,
    HOST_KEY_CHANGED,
    AUTH_REFUSED,
    KEY_UNREADABLE,
    SUDO_PASSWORD_REQUIRED,
    SUDO_REFUSED,
    CONNECTION_LOST
  }

  private final Kind kind;

  public SshException(Kind kind, String message, String hint) {
    super(message, hint);
    this.kind = kind;
  }

  public SshException(Kind kind, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Unreachable-type failures make the host "unreachable" in the recap rather than "failed". */
  public boolean unreachable() {
    return switch (kind) {
      case UNREACHABLE, TIMEOUT, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, AUTH_REFUSED, KEY_UNREADABLE ->
          true;
      case SUDO_PASSWORD_REQUIRED, SUDO_REFUSED, CONNECTION_LOST -> false;
    };
  }
}
