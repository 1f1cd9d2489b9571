package dev.mailpush.playbook;

import dev.mailpush.MailpushException;

/** A playbook (or one of its templates) is wrong; raised before any host is contacted. */
public final class PlaybookException extends MailpushException {
  public PlaybookException(String where, String message, String hint) {
    super(where + ": " + message, hint);
  }
}
