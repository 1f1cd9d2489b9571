package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The template view of where mail to each address goes and who may send as it: Postfix's address
 * and sender login maps, the catch-alls, the shared mailboxes and Dovecot's accounts (quotas).
 */
final class AddressModel {
  private static final Function<List<String>, String> JOINED = t -> String.join(", ", t);

  private AddressModel() {}

  static void put(MailConfig mail, Map<String, Object> m) {
    m.put("virtual_addresses", entries(mail.virtualAddresses(), JOINED));
    List<Map<String, String>> addressMap =
        entries(mail.addressMap(), ForwardAddress::postfixTargets);
    // A shared mailbox's mail goes to its first user with its +detail: Sieve files it there.
    for (MailConfig.SharedMailbox box : mail.sharedMailboxes().values()) {
      for (String address : box.addresses()) {
        addressMap.add(Map.of("address", address, "user", box.users().get(0) + "+" + box.detail()));
      }
    }
    m.put("address_map", addressMap);
    m.put("sender_logins", entries(senderLogins(mail), JOINED));
    List<Map<String, Object>> shared = new ArrayList<>();
    for (MailConfig.SharedMailbox box : mail.sharedMailboxes().values()) {
      shared.add(
          Map.of(
              "name",
              box.name(),
              "detail",
              box.detail(),
              "users",
              String.join(",", box.users()),
              "addresses",
              JOINED.apply(box.addresses())));
    }
    m.put("shared_mailboxes", shared);
    m.put("has_shared_mailboxes", !mail.sharedMailboxes().isEmpty());
    Map<String, List<String>> catchAlls = new LinkedHashMap<>();
    mail.virtualAddresses()
        .forEach(
            (address, targets) -> {
              if (address.startsWith("@")) {
                catchAlls.put(address, targets);
              }
            });
    m.put("catch_alls", entries(catchAlls, JOINED));
    m.put("has_catch_all", !catchAlls.isEmpty());
  }

  /** Each address and the local users who may send as it: never an outside target. */
  private static Map<String, List<String>> senderLogins(MailConfig mail) {
    Map<String, List<String>> logins = new LinkedHashMap<>();
    mail.addressMap()
        .forEach(
            (address, targets) -> {
              if (!MailConfig.localUsers(targets).isEmpty()) {
                logins.put(address, MailConfig.localUsers(targets));
              }
            });
    for (MailConfig.SharedMailbox box : mail.sharedMailboxes().values()) {
      box.addresses().forEach(a -> logins.put(a, box.users()));
    }
    return logins;
  }

  /**
   * Dovecot's accounts: each mail user's limit, shared mailboxes and the addresses quota-status may
   * look them up by (those that reach that user alone: an address shared by two users or forwarded
   * cannot be refused for one of them).
   */
  static Map<String, Object> quota(MailConfig mail) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("enabled", mail.hasQuota());
    // Dovecot's own user list (mailpush-userdb) carries the quotas and the shared mailboxes.
    q.put("userdb", mail.hasQuota() || !mail.sharedMailboxes().isEmpty());
    q.put("default", mail.defaultQuota().orElse("0"));
    q.put("warn_percent", MailConfig.QUOTA_WARN_PERCENT);
    List<Map<String, Object>> users = new ArrayList<>();
    for (String user : mail.mailUsers()) {
      List<String> addresses = new ArrayList<>();
      mail.addressMap()
          .forEach(
              (address, targets) -> {
                if (!address.startsWith("@") && targets.equals(List.of(user))) {
                  addresses.add(address);
                }
              });
      List<Map<String, String>> shared = new ArrayList<>();
      for (MailConfig.SharedMailbox box : mail.sharedMailboxes().values()) {
        if (box.users().contains(user)) {
          shared.add(Map.of("name", box.name()));
        }
      }
      users.add(
          Map.of(
              "user",
              user,
              "quota",
              mail.quotaOf(user),
              "addresses",
              String.join(" ", addresses),
              "shared",
              shared));
    }
    q.put("users", users);
    return q;
  }

  private static List<Map<String, String>> entries(
      Map<String, List<String>> addresses, Function<List<String>, String> targets) {
    List<Map<String, String>> out = new ArrayList<>();
    addresses.forEach(
        (address, list) -> out.add(Map.of("address", address, "user", targets.apply(list))));
    return out;
  }
}
