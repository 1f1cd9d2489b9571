package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [mail.users.NAME]}: system users with a crypt hash, never a plaintext password, and each
 * one's own send limit.
 */
final class MailUsers {
  private MailUsers() {}

  /**
   * Each well-formed user's hash and own {@code send_limit_per_hour} (as text, for {@link
   * Settings}), by user name.
   */
  record Read(
      Located<Settings.Entries> hashes,
      Located<Settings.Entries> sendLimits,
      Located<Settings.Entries> quotas) {}

  static Read read(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    Map<String, Located<String>> limits = new LinkedHashMap<>();
    Map<String, Located<String>> quotas = new LinkedHashMap<>();
    for (String name : t.keys()) {
      Checked valid = TextRules.safeText(name).andThen(Names::linuxUser);
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
                passwordHash(name, user).ifPresent(h -> map.put(name, h));
                user.integer(SEND_LIMIT, 0, MAX_SEND_LIMIT)
                    .ifPresent(
                        l -> limits.put(name, new Located<>(l.value().toString(), l.position())));
                user.string(QUOTA, Names::quota).ifPresent(q -> quotas.put(name, q));
              });
    }
    return new Read(
        new Located<>(new Settings.Entries(map), t.position()),
        new Located<>(new Settings.Entries(limits), t.position()),
        new Located<>(new Settings.Entries(quotas), t.position()));
  }

  /** Messages (recipients) per hour: a limit above this is no limit worth the name. */
  static final long MAX_SEND_LIMIT = 100_000;

  static final String SEND_LIMIT = "send_limit_per_hour";

  static final String QUOTA = "quota";

  static final String DEFAULT_QUOTA = "default_quota";

  /** The user's hash, {@code password_hash}, when it holds a crypt hash. */
  private static Optional<Located<String>> passwordHash(String name, TableReader user) {
    user.rejectUnknown(
        List.of("password_hash", SEND_LIMIT, QUOTA),
        key ->
            key.toLowerCase(Locale.ROOT).contains("pass")
                ? "store a hash, never a password: " + CryptHash.HOW_TO_HASH
                : null);
    Optional<Located<String>> hash = user.secret("password_hash");
    if (hash.isEmpty() && !user.has("password_hash")) {
      user.problems()
          .add(
              user.position(), "user \"" + name + "\" has no password_hash", CryptHash.HOW_TO_HASH);
    }
    // The value is never echoed: it may be a real password typed in by mistake.
    return hash.flatMap(
        h -> {
          Checked checked = CryptHash.check(h.value());
          if (!checked.isOk()) {
            user.invalid("password_hash", h.position(), checked.problem(), checked.hint());
            return Optional.empty();
          }
          return Optional.of(h);
        });
  }

  static Map<String, MailConfig.MailUser> resolve(Settings.Entries users) {
    Map<String, MailConfig.MailUser> resolved = new LinkedHashMap<>();
    users
        .map()
        .forEach((name, hash) -> resolved.put(name, new MailConfig.MailUser(name, hash.value())));
    return resolved;
  }
}
