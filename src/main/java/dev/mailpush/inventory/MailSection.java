package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [mail]} and {@code [hosts.X.mail]}: the mail stack's options. The tables under them have
 * their own readers: {@link VirtualAddresses}, {@link MailUsers}, {@link PostfixOverrides} and
 * {@link RelaySection}.
 */
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
          "postfix_overrides",
          "relay",
          MailUsers.SEND_LIMIT,
          MailUsers.DEFAULT_QUOTA,
          "shared_mailboxes",
          "mta_sts",
          "autoconfig",
          "mta_sts_outbound");
  private static final List<String> FLAGS =
      List.of(
          "enable_antispam",
          "enable_greylisting",
          "enable_spf_check",
          "enable_dmarc_check",
          "enable_managesieve",
          "enable_fail2ban",
          "autoconfig",
          "mta_sts_outbound");

  private MailSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("server_label", t.string("server_label", TextRules::serverLabel));
    for (String flag : FLAGS) {
      s.put(flag, t.bool(flag));
    }
    s.put(
        "virtual_domains",
        t.strings("virtual_domains", Names::fqdn).map(items -> noDuplicates(t, items)));
    s.put("dkim_selector", t.string("dkim_selector", Names::dnsLabel));
    s.put(
        "greylisting_pass_list",
        t.strings("greylisting_pass_list", Names::domainOrEmail)
            .map(
                items ->
                    new Located<>(
                        new Settings.Items(items), t.positionOf("greylisting_pass_list"))));
    s.put("virtual_addresses", t.table("virtual_addresses").map(VirtualAddresses::read));
    s.put("shared_mailboxes", t.table("shared_mailboxes").map(SharedMailboxes::read));
    Optional<MailUsers.Read> users = t.table("users").map(MailUsers::read);
    s.put("users", users.map(MailUsers.Read::hashes));
    s.put("user_send_limits", users.map(MailUsers.Read::sendLimits));
    s.put("user_quotas", users.map(MailUsers.Read::quotas));
    s.put(MailUsers.DEFAULT_QUOTA, t.string(MailUsers.DEFAULT_QUOTA, Names::quota));
    s.put(MailUsers.SEND_LIMIT, t.integer(MailUsers.SEND_LIMIT, 0, MailUsers.MAX_SEND_LIMIT));
    s.put("postmaster", t.string("postmaster", Names::linuxUser));
    s.put("max_message_mb", t.integer("max_message_mb", 1, 1024));
    s.put("greylisting_delay", t.integer("greylisting_delay", 1, 3600));
    s.put("spam_threshold", t.number("spam_threshold", 1.0, 30.0));
    s.put("postfix_overrides", t.table("postfix_overrides").map(PostfixOverrides::read));
    s.put(
        "mta_sts", t.string("mta_sts", v -> Syntax.oneOf(v, List.of("off", "testing", "enforce"))));
    s.put("relay", t.table("relay").map(r -> new Located<>(RelaySection.read(r), r.position())));
    return s;
  }

  /** One host's mail settings (defaults merged with its own), with the checks across keys. */
  static MailConfig resolve(Settings s, PathResolver paths, HostScope scope) {
    List<String> domains =
        s.get("virtual_domains", Settings.Items.class)
            .map(i -> i.value().values())
            .orElse(List.of());
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
    mail.virtualAddresses =
        VirtualAddresses.resolve(entries(s, "virtual_addresses"), domains, scope);
    mail.users = MailUsers.resolve(entries(s, "users"));
    mail.sharedMailboxes =
        SharedMailboxes.resolve(
            s.get("shared_mailboxes", SharedMailboxes.Read.class),
            domains,
            mail.virtualAddresses,
            scope);
    mail.sendLimitPerHour =
        s.value(MailUsers.SEND_LIMIT, Long.class, (long) mail.sendLimitPerHour).intValue();
    Map<String, Integer> limits = new LinkedHashMap<>();
    entries(s, "user_send_limits")
        .map()
        .forEach((user, limit) -> limits.put(user, Integer.valueOf(limit.value())));
    mail.userSendLimits = limits;
    mail.defaultQuota = s.get(MailUsers.DEFAULT_QUOTA, String.class).map(Located::value);
    Map<String, String> quotas = new LinkedHashMap<>();
    entries(s, "user_quotas").map().forEach((user, quota) -> quotas.put(user, quota.value()));
    mail.userQuotas = quotas;
    mail.postmaster = s.get("postmaster", String.class).map(Located::value).orElse(null);
    mail.maxMessageMb = s.value("max_message_mb", Long.class, (long) mail.maxMessageMb).intValue();
    mail.greylistingPassList =
        s.get("greylisting_pass_list", Settings.Items.class)
            .map(i -> i.value().values())
            .orElse(List.of());
    mail.greylistingDelay =
        s.value("greylisting_delay", Long.class, (long) mail.greylistingDelay).intValue();
    mail.spamThreshold = s.value("spam_threshold", Double.class, mail.spamThreshold);
    mail.postfixOverrides = PostfixOverrides.resolve(entries(s, "postfix_overrides"));
    mail.relay =
        s.get("relay", Settings.class).flatMap(r -> RelaySection.resolve(r.value(), paths, scope));
    if (mail.relay.isPresent()) {
      overridesOfTheRelay(entries(s, "postfix_overrides"), scope);
    }
    mail.web =
        new WebConfig(
            WebConfig.MtaStsMode.of(s.value("mta_sts", String.class, "off")),
            s.value("autoconfig", Boolean.class, false));
    mail.mtaStsOutbound = s.value("mta_sts_outbound", Boolean.class, false);
    MailConfig config = mail.build();
    Postmaster.check(
        config,
        s.get("postmaster", String.class),
        s.get("virtual_addresses", Settings.Entries.class),
        scope);
    return config;
  }

  /** An override of what [mail.relay] sets would quietly send mail past the relay's login. */
  private static void overridesOfTheRelay(Settings.Entries overrides, HostScope scope) {
    for (String name : List.of("relayhost", "default_transport")) {
      Located<String> override = overrides.map().get(name);
      if (override != null) {
        scope.add(
            override.position(),
            name + " in [mail.postfix_overrides] contradicts [mail.relay], which sets it",
            "remove "
                + name
                + " from [mail.postfix_overrides]: [mail.relay] sends all mail through"
                + " the relay");
      }
    }
  }

  private static Settings.Entries entries(Settings s, String key) {
    return s.value(key, Settings.Entries.class, Settings.Entries.EMPTY);
  }

  /** virtual_domains without repeats; each repeat is reported where it is written. */
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
}
