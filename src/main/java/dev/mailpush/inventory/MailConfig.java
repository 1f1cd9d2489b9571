package dev.mailpush.inventory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [mail]} settings of one host (defaults merged with {@code [hosts.X.mail]}). Build one
 * with {@link #builder()}, whose defaults are the inventory's.
 *
 * @param virtualAddresses every receiving address mapped to its targets, in file order: local (PAM)
 *     user names and outside addresses (with an {@code @}) the mail is forwarded to
 * @param users system users mailpush creates or updates, in file order
 * @param postmaster the mail user who gets postmaster@ and abuse@ of every domain and the host's
 *     own mail (root, system accounts); empty only when there is no mail user at all
 * @param maxMessageMb the largest message accepted, in MiB of the message as sent (after encoding)
 * @param greylistingPassList senders or client domains never greylisted (one-time-password mail)
 * @param greylistingDelay seconds an unknown sender must wait before a retry is accepted
 * @param spamThreshold SpamAssassin score from which mail is marked as spam (and filed into Junk)
 * @param postfixOverrides extra main.cf parameters, applied last (validated by postfix check)
 * @param relay the smarthost all outgoing mail goes through, when the host may not send on port 25
 * @param sendLimitPerHour messages (each recipient counting as one) a login may send on 587/465 in
 *     any hour, 0 for no limit; further ones are deferred (4xx)
 * @param userSendLimits the users whose limit differs from {@code sendLimitPerHour}
 * @param defaultQuota each mail user's mailbox size limit ("2G"), unless theirs differs; none when
 *     empty ("0" is no limit)
 * @param userQuotas the users whose mailbox size limit differs from {@code defaultQuota}
 * @param sharedMailboxes mailboxes several users read, by name
 * @param web the MTA-STS policy and client autoconfig the host serves over HTTPS
 * @param mtaStsOutbound whether mail this host sends honours the receivers' MTA-STS policies
 *     (postfix-mta-sts-resolver); never through a relay, which delivers the mail itself
 */
public record MailConfig(
    String serverLabel,
    boolean enableAntispam,
    boolean enableGreylisting,
    boolean enableSpfCheck,
    boolean enableDmarcCheck,
    boolean enableManagesieve,
    boolean enableFail2ban,
    List<String> virtualDomains,
    String dkimSelector,
    Map<String, List<String>> virtualAddresses,
    Map<String, MailUser> users,
    String postmaster,
    int maxMessageMb,
    List<String> greylistingPassList,
    int greylistingDelay,
    double spamThreshold,
    Map<String, String> postfixOverrides,
    Optional<RelayConfig> relay,
    int sendLimitPerHour,
    Map<String, Integer> userSendLimits,
    Optional<String> defaultQuota,
    Map<String, String> userQuotas,
    Map<String, SharedMailbox> sharedMailboxes,
    WebConfig web,
    boolean mtaStsOutbound) {

  /** How full a mailbox is (percent of its limit) when its user is warned by mail. */
  public static final int QUOTA_WARN_PERCENT = 90;

  /** Local parts every virtual domain receives for the postmaster (RFC 5321 and RFC 2142). */
  public static final List<String> ROLE_ADDRESSES = List.of("postmaster", "abuse");

  public MailConfig {
    Objects.requireNonNull(serverLabel, "serverLabel");
    virtualDomains = List.copyOf(virtualDomains);
    Objects.requireNonNull(dkimSelector, "dkimSelector");
    Map<String, List<String>> targets = new LinkedHashMap<>();
    virtualAddresses.forEach((address, list) -> targets.put(address, List.copyOf(list)));
    virtualAddresses = Collections.unmodifiableMap(targets);
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    Objects.requireNonNull(postmaster, "postmaster");
    if (maxMessageMb < 1) {
      throw new IllegalArgumentException("maxMessageMb (" + maxMessageMb + ") must be at least 1");
    }
    greylistingPassList = List.copyOf(greylistingPassList);
    postfixOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(postfixOverrides));
    Objects.requireNonNull(relay, "relay");
    if (sendLimitPerHour < 0) {
      throw new IllegalArgumentException("sendLimitPerHour (" + sendLimitPerHour + ") is negative");
    }
    userSendLimits = Collections.unmodifiableMap(new LinkedHashMap<>(userSendLimits));
    Objects.requireNonNull(defaultQuota, "defaultQuota");
    userQuotas = Collections.unmodifiableMap(new LinkedHashMap<>(userQuotas));
    sharedMailboxes = Collections.unmodifiableMap(new LinkedHashMap<>(sharedMailboxes));
    Objects.requireNonNull(web, "web");
  }

  /**
   * A mailbox its users all read over IMAP (as Shared/NAME/INBOX), each with their own read marks;
   * the mail of its addresses is filed there, and its users may send as them.
   */
  public record SharedMailbox(String name, List<String> users, List<String> addresses) {
    public SharedMailbox {
      Objects.requireNonNull(name, "name");
      users = List.copyOf(users);
      addresses = List.copyOf(addresses);
    }

    /** The +detail of the delivery address: the global Sieve script files such mail here. */
    public String detail() {
      return "mailpush-shared-" + name;
    }
  }

  /** Whether any mailbox has a size limit (then Dovecot's quota and quota-status run). */
  public boolean hasQuota() {
    return defaultQuota.filter(q -> !q.equals("0")).isPresent()
        || userQuotas.values().stream().anyMatch(q -> !q.equals("0"));
  }

  /** A mail user's mailbox size limit, "0" for none. */
  public String quotaOf(String user) {
    return userQuotas.getOrDefault(user, defaultQuota.orElse("0"));
  }

  /** Whether any login has a send limit (then the rate limiter runs). */
  public boolean hasSendLimit() {
    return sendLimitPerHour > 0 || userSendLimits.values().stream().anyMatch(l -> l > 0);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Who may log in to read and send mail: the users of {@code [mail.users]}, the targets of the
   * virtual addresses and the postmaster, in that order. Every other account of the host is
   * refused.
   */
  public List<String> mailUsers() {
    Set<String> names = new LinkedHashSet<>(users.keySet());
    virtualAddresses.values().forEach(targets -> names.addAll(localUsers(targets)));
    sharedMailboxes.values().forEach(box -> names.addAll(box.users()));
    if (!postmaster.isEmpty()) {
      names.add(postmaster);
    }
    return List.copyOf(names);
  }

  /**
   * The address map Postfix receives and checks senders with: the inventory's addresses, plus
   * postmaster@ and abuse@ of every virtual domain for the postmaster where the inventory does not
   * name them itself.
   */
  public Map<String, List<String>> addressMap() {
    Map<String, List<String>> map = new LinkedHashMap<>(virtualAddresses);
    if (!postmaster.isEmpty()) {
      for (String domain : virtualDomains) {
        for (String role : ROLE_ADDRESSES) {
          map.putIfAbsent(role + "@" + domain, List.of(postmaster));
        }
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** The local user names among an address's targets (outside addresses have an {@code @}). */
  public static List<String> localUsers(List<String> targets) {
    return targets.stream().filter(t -> !isOutside(t)).toList();
  }

  /** Whether a target is an outside address the mail is forwarded to, not a local user. */
  public static boolean isOutside(String target) {
    return target.contains("@");
  }

  /** Whether any address forwards to an outside address (then SRS and the forwarder run). */
  public boolean forwards() {
    return virtualAddresses.values().stream().flatMap(List::stream).anyMatch(MailConfig::isOutside);
  }

  /**
   * The domain of the SRS addresses forwarded mail is sent from: the virtual domain the host is
   * named in (mx.example.com: example.com), else the first. Its SPF record allows this host, and
   * its MX brings bounces of forwarded mail back here.
   */
  public String srsDomain(String hostname) {
    return virtualDomains.stream()
        .filter(d -> hostname.endsWith("." + d))
        .findFirst()
        .orElse(virtualDomains.isEmpty() ? hostname : virtualDomains.get(0));
  }

  /**
   * {@link #maxMessageMb} in bytes: Postfix's message_size_limit, the SIZE that SMTP advertises.
   */
  public long maxMessageBytes() {
    return (long) maxMessageMb * 1024 * 1024;
  }

  /** Template/playbook view; password hashes are deliberately absent. */
  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server_label", serverLabel);
    m.put("enable_antispam", enableAntispam);
    m.put("enable_greylisting", enableGreylisting);
    m.put("enable_spf_check", enableSpfCheck);
    m.put("enable_dmarc_check", enableDmarcCheck);
    m.put("enable_managesieve", enableManagesieve);
    m.put("enable_fail2ban", enableFail2ban);
    m.put("virtual_domains", virtualDomains);
    m.put("dkim_selector", dkimSelector);
    AddressModel.put(this, m);
    m.put("users", List.copyOf(users.keySet()));
    m.put("mail_users", mailUsers());
    m.put("postmaster", postmaster);
    m.put("max_message_mb", maxMessageMb);
    m.put("message_size_limit", maxMessageBytes());
    m.put("greylisting_pass_list", greylistingPassList);
    m.put("greylisting_delay", greylistingDelay);
    // As SpamAssassin writes it: one decimal (5.0, 6.5), never 5.000001 or 1E1.
    m.put(
        "spam_threshold",
        BigDecimal.valueOf(spamThreshold).setScale(1, RoundingMode.HALF_UP).toPlainString());
    List<Map<String, String>> overrides = new ArrayList<>();
    postfixOverrides.forEach((name, value) -> overrides.add(Map.of("name", name, "value", value)));
    m.put("postfix_overrides", overrides);
    m.put("relay", relay.map(RelayConfig::model).orElseGet(RelayConfig::disabledModel));
    Map<String, Object> limit = new LinkedHashMap<>();
    limit.put("enabled", hasSendLimit());
    limit.put("per_hour", sendLimitPerHour);
    // policyd-rate-limit's [[count, seconds]] lists, made here: 0 is no limit, an empty list.
    limit.put("limits", rateLimits(sendLimitPerHour));
    List<Map<String, Object>> own = new ArrayList<>();
    userSendLimits.forEach(
        (user, l) -> own.add(Map.of("user", user, "per_hour", l, "limits", rateLimits(l))));
    limit.put("users", own);
    m.put("send_limit", limit);
    m.put("quota", AddressModel.quota(this));
    // Through a relay the next hop is the relay, whose domain's policy says nothing about ours.
    m.put("mta_sts_outbound", mtaStsOutbound && relay.isEmpty());
    return m;
  }

  private static String rateLimits(int perHour) {
    return perHour == 0 ? "[]" : "[[" + perHour + ", 3600]]";
  }

  /** A system user with its SHA-512-crypt hash (never a plaintext password). */
  public record MailUser(String name, String passwordHash) {
    public MailUser {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
      return "MailUser[name=" + name + ", passwordHash=***]";
    }
  }

  /**
   * Settings with the inventory's defaults, set field by field ({@code b.enableAntispam = false});
   * {@link #build()} checks them. {@code postmaster} left null is the first user of {@code users},
   * else the first target of {@code virtualAddresses}.
   */
  public static final class Builder {
    public String serverLabel = "mailpush mail server";
    public boolean enableAntispam = true;
    public boolean enableGreylisting;
    public boolean enableSpfCheck = true;
    public boolean enableDmarcCheck = true;
    public boolean enableManagesieve;
    public boolean enableFail2ban = true;
    public List<String> virtualDomains = List.of();
    public String dkimSelector = "mail";
    public Map<String, List<String>> virtualAddresses = Map.of();
    public Map<String, MailUser> users = Map.of();
    public String postmaster;
    public int maxMessageMb = 25;
    public List<String> greylistingPassList = List.of();
    public int greylistingDelay = 300;
    public double spamThreshold = 5.0;
    public Map<String, String> postfixOverrides = Map.of();
    public Optional<RelayConfig> relay = Optional.empty();
    public int sendLimitPerHour = 200;
    public Map<String, Integer> userSendLimits = Map.of();
    public Optional<String> defaultQuota = Optional.empty();
    public Map<String, String> userQuotas = Map.of();
    public Map<String, SharedMailbox> sharedMailboxes = Map.of();
    public WebConfig web = WebConfig.OFF;
    public boolean mtaStsOutbound;

    private Builder() {}

    private Builder(MailConfig c) {
      serverLabel = c.serverLabel;
      enableAntispam = c.enableAntispam;
      enableGreylisting = c.enableGreylisting;
      enableSpfCheck = c.enableSpfCheck;
      enableDmarcCheck = c.enableDmarcCheck;
      enableManagesieve = c.enableManagesieve;
      enableFail2ban = c.enableFail2ban;
      virtualDomains = c.virtualDomains;
      dkimSelector = c.dkimSelector;
      virtualAddresses = c.virtualAddresses;
      users = c.users;
      postmaster = c.postmaster;
      maxMessageMb = c.maxMessageMb;
      greylistingPassList = c.greylistingPassList;
      greylistingDelay = c.greylistingDelay;
      spamThreshold = c.spamThreshold;
      postfixOverrides = c.postfixOverrides;
      relay = c.relay;
      sendLimitPerHour = c.sendLimitPerHour;
      userSendLimits = c.userSendLimits;
      defaultQuota = c.defaultQuota;
      userQuotas = c.userQuotas;
      sharedMailboxes = c.sharedMailboxes;
      web = c.web;
      mtaStsOutbound = c.mtaStsOutbound;
    }

    /** Applies {@code change} to this builder (for one-expression edits in tests and scripts). */
    public Builder with(java.util.function.Consumer<Builder> change) {
      change.accept(this);
      return this;
    }

    private String defaultPostmaster() {
      return users.keySet().stream()
          .findFirst()
          .or(
              () ->
                  virtualAddresses.values().stream()
                      .flatMap(targets -> localUsers(targets).stream())
                      .findFirst())
          .orElse("");
    }

    public MailConfig build() {
      return new MailConfig(
          serverLabel,
          enableAntispam,
          enableGreylisting,
          enableSpfCheck,
          enableDmarcCheck,
          enableManagesieve,
          enableFail2ban,
          virtualDomains,
          dkimSelector,
          virtualAddresses,
          users,
          postmaster != null ? postmaster : defaultPostmaster(),
          maxMessageMb,
          greylistingPassList,
          greylistingDelay,
          spamThreshold,
          postfixOverrides,
          relay,
          sendLimitPerHour,
          userSendLimits,
          defaultQuota,
          userQuotas,
          sharedMailboxes,
          web,
          mtaStsOutbound);
    }
  }
}
