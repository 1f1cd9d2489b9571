package dev.mailpush.inventory;

import java.util.Optional;

/**
 * The check on {@code postmaster}: a named postmaster must be a mail user, or postmaster@ and
 * root's mail would go where nobody can read it. (Without any mail user there is no postmaster:
 * such an inventory receives no mail at all.)
 */
final class Postmaster {
  private Postmaster() {}

  /**
   * {@code named} is the postmaster key, when the inventory sets one; the default that {@link
   * MailConfig.Builder} picks is the first mail user, so it needs no check.
   */
  static void check(MailConfig mail, Optional<Located<String>> named, HostScope scope) {
    boolean aMailUser =
        mail.users().containsKey(mail.postmaster())
            || mail.virtualAddresses().containsValue(mail.postmaster());
    if (named.isPresent() && !aMailUser) {
      scope.add(
          named.get().position(),
          "postmaster \"" + mail.postmaster() + "\" is not a mail user",
          "name a user of [mail.users] or a target of [mail.virtual_addresses]: that user's INBOX gets postmaster@ and"
              + " abuse@ of every domain and the host's own mail (root, cron)");
    }
  }
}
