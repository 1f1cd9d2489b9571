package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code [mail.shared_mailboxes.NAME]}: a mailbox its {@code users} all read, each with their own
 * read marks, that receives the mail of its {@code addresses}. A host's table replaces the default
 * one as a whole.
 */
final class SharedMailboxes {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");

  private SharedMailboxes() {}

  /** The tables as written, each with the position of its header. */
  record Read(Map<String, Located<MailConfig.SharedMailbox>> mailboxes) {}

  static Located<Read> read(TableReader t) {
    Map<String, Located<MailConfig.SharedMailbox>> out = new LinkedHashMap<>();
    for (String name : t.keys()) {
      if (!NAME.matcher(name).matches()) {
        t.problems()
            .add(
                t.positionOf(name),
                "invalid shared mailbox name \"" + name + "\" " + t.where(),
                "use up to 20 lowercase letters, digits and -, e.g. [mail.shared_mailboxes.info]");
        continue;
      }
      t.table(name).flatMap(box -> mailbox(name, box)).ifPresent(m -> out.put(name, m));
    }
    return new Located<>(new Read(out), t.position());
  }

  private static Optional<Located<MailConfig.SharedMailbox>> mailbox(String name, TableReader box) {
    box.rejectUnknown(List.of("users", "addresses"), key -> null);
    Optional<List<String>> users =
        required(name, box, "users", Names::linuxUser, "users = [\"alice\", \"bob\"]");
    Optional<List<String>> addresses =
        required(
            name,
            box,
            "addresses",
            Names::lowercaseEmail,
            "addresses = [\"" + name + "@example.com\"]");
    if (users.isEmpty() || addresses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Located<>(
            new MailConfig.SharedMailbox(name, users.get(), addresses.get()), box.position()));
  }

  /** A non-empty list; a missing or empty one is reported with an example, bad items by strings. */
  private static Optional<List<String>> required(
      String name,
      TableReader box,
      String key,
      java.util.function.Function<String, Checked> rule,
      String example) {
    Optional<List<Located<String>>> list = box.strings(key, rule);
    if (list.isPresent() && list.get().isEmpty() || !box.has(key)) {
      box.problems()
          .add(
              box.has(key) ? box.positionOf(key) : box.position(),
              "shared mailbox \"" + name + "\" has no " + key,
              "write, e.g., " + example);
      return Optional.empty();
    }
    return list.map(l -> l.stream().map(Located::value).toList());
  }

  /**
   * A host's shared mailboxes, each address checked against its merged virtual_domains and against
   * [mail.virtual_addresses] (an address has one destination).
   */
  static Map<String, MailConfig.SharedMailbox> resolve(
      Optional<Located<Read>> read,
      List<String> domains,
      Map<String, List<String>> virtualAddresses,
      HostScope scope) {
    Map<String, MailConfig.SharedMailbox> out = new LinkedHashMap<>();
    if (read.isEmpty()) {
      return out;
    }
    Map<String, String> owner = new LinkedHashMap<>();
    read.get()
        .value()
        .mailboxes()
        .forEach(
            (name, box) -> {
              for (String address : box.value().addresses()) {
                String domain = address.substring(address.indexOf('@') + 1);
                if (!domains.contains(domain)) {
                  scope.add(
                      box.position(),
                      "shared mailbox \""
                          + name
                          + "\" receives \""
                          + address
                          + "\", whose domain is not in virtual_domains",
                      "add \""
                          + domain
                          + "\" to virtual_domains, or use an address of one of them");
                } else if (virtualAddresses.containsKey(address)) {
                  scope.add(
                      box.position(),
                      "\""
                          + address
                          + "\" is in [mail.virtual_addresses] and in shared mailbox \""
                          + name
                          + "\"",
                      "keep it in one place: an address has one destination");
                } else if (owner.containsKey(address)) {
                  scope.add(
                      box.position(),
                      "\""
                          + address
                          + "\" is in shared mailboxes \""
                          + owner.get(address)
                          + "\" and \""
                          + name
                          + "\"",
                      "keep it in one of them");
                }
                owner.putIfAbsent(address, name);
              }
              out.put(name, box.value());
            });
    return out;
  }
}
