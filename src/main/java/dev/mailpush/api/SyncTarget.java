package dev.mailpush.api;

import java.util.List;

/**
 * What one migrate sync check copies: a mail user's own mailboxes, or a shared mailbox.
 *
 * @param label how the check names it ({@code alice}, {@code shared team})
 * @param users whom dsync runs as, one run each, in this order
 * @param dsyncOptions added to {@code doveadm sync} for each of them
 * @param count the helper script's arguments that print how many messages it holds
 */
record SyncTarget(String label, List<String> users, List<String> dsyncOptions, List<String> count) {
  SyncTarget {
    users = List.copyOf(users);
    dsyncOptions = List.copyOf(dsyncOptions);
    count = List.copyOf(count);
    if (users.isEmpty()) {
      throw new IllegalArgumentException("sync target " + label + " has no user to run dsync as");
    }
  }

  /** A user's own namespace: dsync leaves out the shared ones, which have their own location. */
  static SyncTarget user(String user) {
    return new SyncTarget(user, List.of(user), List.of(), List.of("count", user));
  }

  /**
   * A shared mailbox, through its public namespace as each reader: the first copies the messages
   * into the one Maildir, every run carries that reader's own read marks (their private index).
   * Measured from Dovecot 2.3 to 2.4: dsync files 2.3's Shared.NAME.INBOX into 2.4's Shared.NAME
   * (both are the Maildir folder NAME/.INBOX), and a repeated run adds nothing.
   */
  static SyncTarget shared(String name, List<String> readers) {
    return new SyncTarget(
        "shared " + name,
        readers,
        List.of("-n", "Shared." + name + "."),
        List.of("count-shared", name, readers.get(0)));
  }
}
