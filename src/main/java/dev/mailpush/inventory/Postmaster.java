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
  static void check(
      MailConfig mail,
      Optional<Located<String>> named,
      Optional<Located<Settings.Entries>> addresses,
      HostScope scope) {
    if (mail.postmaster().isEmpty() && mail.forwards() && addresses.isPresent()) {
      scope.add(
          addresses.get().position(),
          "addresses forward to outside addresses, but there is no mail user to be the postmaster",
          "add a user ([mail.users.NAME], or a local user among an address's targets): spam sent to a"
              + " forwarding address is never forwarded but filed in the postmaster's Junk folder");
    }
    boolean aMailUser =
        mail.users().containsKey(mail.postmaster())
            || mail.virtualAddresses().values().stream()
                .anyMatch(targets -> MailConfig.localUsers(targets).contains(mail.postmaster()));
    if (named.isPresent() && !aMailUser) {
      scope.add(
          named.get().position(),
          "postmaster \"" + mail.postmaster() + "\" is not a mail user",
          "name a user of [mail.users] or a target of [mail.virtual_addresses]: that user's INBOX gets postmaster@ and"
              + " abuse@ of every domain and the host's own mail (root, cron)");
    }
  }
}
