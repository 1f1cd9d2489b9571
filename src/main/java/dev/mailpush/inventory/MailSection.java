package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code [mail]} and {@code [hosts.X.mail]}: the mail stack's options, addresses and users. */
final class MailSection {
  static final List<String> KEYS =
      List.of(
          "server_label",
          "enable_antispam",
          "enable_greylisting",
          "enable_spf_check",
          "enable_dmarc_check",
          "enable_managesieve",
          "enable_fail2ban",
          "virtual_domains",
          "dkim_selector",
          "greylisting_pass_list",
          "virtual_addresses",
          "users",
          "postmaster",
          "max_message_mb",
          "greylisting_delay",
          "spam_threshold",
          "postfix_overrides");
  private static final List<String> FLAGS =
      List.of(
          "enable_antispam",
          "enable_greylisting",
          "enable_spf_check",
          "enable_dmarc_check",
          "enable_managesieve",
          "enable_fail2ban");
  private static final String HASH_HINT =
      "run `mailpush hash-password`, type the password, and put the printed hash in password_hash";

  private MailSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("server_label", t.string("server_label", Syntax::label));
    for (String flag : FLAGS) {
      s.put(flag, t.bool(flag));
    }
    s.put(
        "virtual_domains",
        t.strings("virtual_domains", Syntax::fqdn).map(items -> noDuplicates(t, items)));
    s.put("dkim_selector", t.string("dkim_selector", Syntax::dnsLabel));
    s.put(
        "greylisting_pass_list",
        t.strings("greylisting_pass_list", Syntax::domainOrEmail)
            .map(
                items ->
                    new Located<>(
                        new Settings.Items(items), t.positionOf("greylisting_pass_list"))));
    s.put("virtual_addresses", t.table("virtual_addresses").map(MailSection::addresses));
    s.put("users", t.table("users").map(MailSection::users));
    s.put("postmaster", t.string("postmaster", Syntax::linuxUser));
    s.put("max_message_mb", t.integer("max_message_mb", 1, 1024));
    s.put("greylisting_delay", t.integer("greylisting_delay", 1, 3600));
    s.put("spam_threshold", t.number("spam_threshold", 1.0, 30.0));
    s.put("postfix_overrides", t.table("postfix_overrides").map(MailSection::postfixOverrides));
    return s;
  }

  static MailConfig resolve(Settings s, HostScope scope) {
    List<String> domains =
        s.get("virtual_domains", Settings.Items.class)
            .map(i -> i.value().values())
            .orElse(List.of());
    Settings.Entries addresses =
        s.value("virtual_addresses", Settings.Entries.class, Settings.Entries.EMPTY);
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
    Map<String, MailConfig.MailUser> users = new LinkedHashMap<>();
    s.value("users", Settings.Entries.class, Settings.Entries.EMPTY)
        .map()
        .forEach((name, hash) -> users.put(name, new MailConfig.MailUser(name, hash.value())));
    MailConfig.Builder mail = MailConfig.builder();
    mail.serverLabel = s.value("server_label", String.class, mail.serverLabel);
    mail.enableAntispam = s.value("enable_antispam", Boolean.class, mail.enableAntispam);
    mail.enableGreylisting = s.value("enable_greylisting", Boolean.class, mail.enableGreylisting);
    mail.enableSpfCheck = s.value("enable_spf_check", Boolean.class, mail.enableSpfCheck);
    mail.enableDmarcCheck = s.value("enable_dmarc_check", Boolean.class, mail.enableDmarcCheck);
    mail.enableManagesieve = s.value("enable_managesieve", Boolean.class, mail.enableManagesieve);
    mail.enableFail2ban = s.value("enable_fail2ban", Boolean.class, mail.enableFail2ban);
    mail.virtualDomains = domains;
    mail.dkimSelector = s.value("dkim_selector", String.class, mail.dkimSelector);
    mail.virtualAddresses = virtualAddresses;
    mail.users = users;
    mail.postmaster = s.get("postmaster", String.class).map(Located::value).orElse(null);
    mail.maxMessageMb = s.value("max_message_mb", Long.class, (long) mail.maxMessageMb).intValue();
    mail.greylistingPassList =
        s.get("greylisting_pass_list", Settings.Items.class)
            .map(i -> i.value().values())
            .orElse(List.of());
    mail.greylistingDelay =
        s.value("greylisting_delay", Long.class, (long) mail.greylistingDelay).intValue();
    mail.spamThreshold = s.value("spam_threshold", Double.class, mail.spamThreshold);
    mail.postfixOverrides = overrides(s);
    MailConfig config = mail.build();
    checkPostmaster(config, s.get("postmaster", String.class), scope);
    return config;
  }

  /**
   * A named postmaster must be a mail user, or postmaster@ and root's mail would go where nobody
   * can read it. (Without any mail user there is no postmaster: such an inventory receives no mail
   * at all.)
   */
  private static void checkPostmaster(
      MailConfig mail, Optional<Located<String>> named, HostScope scope) {
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

  private static Map<String, String> overrides(Settings s) {
    Map<String, String> out = new LinkedHashMap<>();
    s.value("postfix_overrides", Settings.Entries.class, Settings.Entries.EMPTY)
        .map()
        .forEach((k, v) -> out.put(k, v.value()));
    return out;
  }

  /**
   * {@code [mail.postfix_overrides]}: extra main.cf parameters (a relayhost where port 25 is
   * blocked, say). One line each: a parameter name and a printable value, so no override can add a
   * second line.
   */
  private static Located<Settings.Entries> postfixOverrides(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    for (String key : t.keys()) {
      if (!key.matches("[a-z][a-z0-9_]{0,63}")) {
        t.problems()
            .add(
                t.positionOf(key),
                "\"" + Printable.inline(key) + "\" is not a Postfix parameter name " + t.where(),
                "parameter names are lowercase letters, digits and _, e.g. relayhost");
        continue;
      }
      t.configString(key, Syntax::postfixValue).ifPresent(v -> map.put(key, v));
    }
    return new Located<>(new Settings.Entries(map), t.position());
  }

  private static Located<Settings.Items> noDuplicates(TableReader t, List<Located<String>> items) {
    Set<String> seen = new HashSet<>();
    List<Located<String>> unique = new ArrayList<>();
    for (Located<String> item : items) {
      if (seen.add(item.value())) {
        unique.add(item);
      } else {
        t.invalid(
            "virtual_domains",
            item.position(),
            "\"" + item.value() + "\" is listed twice",
            "list each domain once");
      }
    }
    return new Located<>(new Settings.Items(unique), t.positionOf("virtual_domains"));
  }

  /** {@code [mail.virtual_addresses]}: receiving address (lowercase-normalised) to local user. */
  private static Located<Settings.Entries> addresses(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    for (String key : t.keys()) {
      Checked address =
          Syntax.safeText(key)
              .andThen(Syntax::email)
              .andThen(a -> Checked.ok(a.toLowerCase(Locale.ROOT)));
      Optional<Located<String>> user = t.string(key, Syntax::linuxUser);
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

  /** {@code [mail.users.NAME]}: system users with a crypt hash, never a plaintext password. */
  private static Located<Settings.Entries> users(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    for (String name : t.keys()) {
      Checked valid = Syntax.safeText(name).andThen(Syntax::linuxUser);
      if (!valid.isOk()) {
        t.problems()
            .add(
                t.positionOf(name),
                "invalid user name " + t.where() + ": " + valid.problem(),
                valid.hint());
        continue;
      }
      if (name.equals("root")) {
        t.problems()
            .add(
                t.positionOf(name),
                "root cannot be a mail user " + t.where(),
                "mailpush would set root's password, and Dovecot serves mail only to regular accounts (uid 1000 and"
                    + " above): use a personal name, e.g. [mail.users.alice]");
        continue;
      }
      t.table(name)
          .ifPresent(
              user -> {
                user.rejectUnknown(
                    List.of("password_hash"),
                    key ->
                        key.toLowerCase(Locale.ROOT).contains("pass")
                            ? "store a hash, never a password: " + HASH_HINT
                            : null);
                Optional<Located<String>> hash = user.secret("password_hash");
                if (hash.isEmpty() && !user.has("password_hash")) {
                  t.problems()
                      .add(
                          user.position(), "user \"" + name + "\" has no password_hash", HASH_HINT);
                }
                // The value is never echoed: it may be a real password typed in by mistake.
                hash.ifPresent(
                    h -> {
                      if (Syntax.isCryptHash(h.value())) {
                        map.put(name, h);
                      } else if (h.value().startsWith("$")) {
                        user.invalid(
                            "password_hash",
                            h.position(),
                            "not a well-formed crypt hash ($6$, $y$, $5$ or $2b$)",
                            HASH_HINT);
                      } else {
                        user.invalid(
                            "password_hash",
                            h.position(),
                            "this looks like a plaintext password, not a crypt hash",
                            "never put passwords in the inventory; " + HASH_HINT);
                      }
                    });
              });
    }
    return new Located<>(new Settings.Entries(map), t.position());
  }
}
