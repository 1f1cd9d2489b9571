package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [mail.virtual_addresses]}: each receiving address (lowercase-normalised) to the local user
 * whose INBOX gets its mail; {@code "@domain"} is the domain's catch-all.
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
      Optional<Located<String>> user = t.string(key, Names::linuxUser);
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
        user.ifPresent(u -> map.put(address.value(), u));
      }
    }
    return new Located<>(new Settings.Entries(map), t.position());
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
  static Map<String, String> resolve(
      Settings.Entries addresses, List<String> domains, HostScope scope) {
    Map<String, String> virtualAddresses = new LinkedHashMap<>();
    addresses
        .map()
        .forEach(
            (address, user) -> {
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
              virtualAddresses.put(address, user.value());
            });
    return virtualAddresses;
  }
}
