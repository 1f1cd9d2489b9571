package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [mail.virtual_addresses]}: each receiving address (lowercase-normalised) to its targets:
 * local users whose INBOX gets its mail and outside addresses it is forwarded to ({@code "alice"}
 * or {@code ["alice", "bob@partner.example"]}); {@code "@domain"} is the domain's catch-all.
 */
final class VirtualAddresses {
  private VirtualAddresses() {}

  /**
   * The table as written; addresses and users are checked here, their domains by {@link #resolve}.
   */
  static Located<Settings.Entries> read(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    for (String key : t.keys()) {
      Checked address =
          TextRules.safeText(key)
              .andThen(VirtualAddresses::addressOrCatchAll)
              .andThen(a -> Checked.ok(a.toLowerCase(Locale.ROOT)));
      Optional<List<Located<String>>> targets = t.stringOrStrings(key, VirtualAddresses::target);
      if (!address.isOk()) {
        t.problems()
            .add(
                t.positionOf(key),
                "invalid address " + t.where() + ": " + address.problem(),
                address.hint());
      } else if (map.containsKey(address.value())) {
        t.problems()
            .add(
                t.positionOf(key),
                "address \"" + address.value() + "\" is listed twice " + t.where(),
                "addresses are not case-sensitive; keep one entry");
      } else {
        targets.flatMap(list -> joined(t, key, list)).ifPresent(u -> map.put(address.value(), u));
      }
    }
    return new Located<>(new Settings.Entries(map), t.position());
  }

  /**
   * The targets as one entry, so that a host's table overrides an address as a whole. Targets are
   * user names or addresses, which never contain a comma: {@link #split} gets the list back.
   */
  private static Optional<Located<String>> joined(
      TableReader t, String key, List<Located<String>> list) {
    if (list.isEmpty()) {
      t.problems()
          .add(
              t.positionOf(key),
              "address \"" + key + "\" " + t.where() + " has no target",
              "name the local user who gets its mail (\"alice\"), or a list of users and outside"
                  + " addresses ([\"alice\", \"bob@partner.example\"]); remove the line to refuse its mail");
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (Located<String> target : list) {
      if (values.contains(target.value())) {
        t.problems()
            .add(
                target.position(),
                "target \"" + target.value() + "\" of \"" + key + "\" is listed twice " + t.where(),
                "keep one: each target gets one copy");
        return Optional.empty();
      }
      values.add(target.value());
    }
    return Optional.of(new Located<>(String.join(",", values), list.get(0).position()));
  }

  private static List<String> split(String joined) {
    return List.of(joined.split(","));
  }

  /** A local user name, or an outside address the mail is forwarded to. */
  private static Checked target(String value) {
    return MailConfig.isOutside(value) ? Names.lowercaseEmail(value) : Names.linuxUser(value);
  }

  /**
   * An address, or {@code @domain}: the catch-all that gets the domain's mail for every address not
   * listed (Postfix looks up the address first, the catch-all last).
   */
  private static Checked addressOrCatchAll(String key) {
    if (key.startsWith("@")) {
      Checked domain = Names.fqdn(key.substring(1));
      return domain.isOk()
          ? Checked.ok("@" + domain.value())
          : Checked.bad(
              "\"" + key + "\" is not a catch-all: " + domain.problem(),
              "write a catch-all as \"@example.com\" = \"alice\"");
    }
    return Names.email(key);
  }

  /**
   * A host's merged addresses, each checked against its merged virtual_domains: after merging,
   * because a host may add addresses or replace the list of domains. An address in a domain the
   * host does not serve would never receive mail.
   */
  static Map<String, List<String>> resolve(
      Settings.Entries addresses, List<String> domains, HostScope scope) {
    Map<String, List<String>> virtualAddresses = new LinkedHashMap<>();
    addresses
        .map()
        .forEach(
            (address, user) -> {
              List<String> targets = split(user.value());
              for (String target : targets) {
                String targetDomain = target.substring(target.indexOf('@') + 1);
                if (MailConfig.isOutside(target) && domains.contains(targetDomain)) {
                  scope.add(
                      user.position(),
                      "\""
                          + address
                          + "\" is forwarded to \""
                          + target
                          + "\", an address of this host's own domain "
                          + targetDomain,
                      "name the local user who receives "
                          + target
                          + " instead: forwarding is for outside addresses");
                }
              }
              String domain = address.substring(address.indexOf('@') + 1);
              if (!domains.contains(domain)) {
                scope.add(
                    user.position(),
                    "virtual address \""
                        + address
                        + "\" is in domain \""
                        + domain
                        + "\", which is not in virtual_domains",
                    "add \""
                        + domain
                        + "\" to virtual_domains in [mail] (or in [hosts."
                        + scope.host()
                        + ".mail] for this host only)");
              }
              virtualAddresses.put(address, targets);
            });
    return virtualAddresses;
  }
}
