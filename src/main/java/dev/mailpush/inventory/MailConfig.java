package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [mail]} settings of one host (defaults merged with {@code [hosts.X.mail]}).
 *
 * @param virtualAddresses every receiving address mapped to a local (PAM) user, in file order
 * @param users system users mailpush creates or updates, in file order
 * @param greylistingPassList senders or client domains never greylisted (one-time-password mail)
 * @param greylistingDelay seconds an unknown sender must wait before a retry is accepted
 * @param spamThreshold SpamAssassin score from which mail is marked as spam (and filed into Junk)
 * @param postfixOverrides extra main.cf parameters, applied last (validated by postfix check)
 */
public record MailConfig(
    String serverLabel,
    boolean enableAntispam,
    boolean enableGreylisting,
    boolean enableSpfCheck,
    boolean enableManagesieve,
    boolean enableFail2ban,
    List<String> virtualDomains,
    String dkimSelector,
    Map<String, String> virtualAddresses,
    Map<String, MailUser> users,
    List<String> greylistingPassList,
    int greylistingDelay,
    double spamThreshold,
    Map<String, String> postfixOverrides) {

  public MailConfig {
    Objects.requireNonNull(serverLabel, "serverLabel");
    virtualDomains = List.copyOf(virtualDomains);
    Objects.requireNonNull(dkimSelector, "dkimSelector");
    virtualAddresses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(virtualAddresses));
    users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
    greylistingPassList = List.copyOf(greylistingPassList);
    postfixOverrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(postfixOverrides));
  }

  /** Template/playbook view; password hashes are deliberately absent. */
  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server_label", serverLabel);
    m.put("enable_antispam", enableAntispam);
    m.put("enable_greylisting", enableGreylisting);
    m.put("enable_spf_check", enableSpfCheck);
    m.put("enable_managesieve", enableManagesieve);
    m.put("enable_fail2ban", enableFail2ban);
    m.put("virtual_domains", virtualDomains);
    m.put("dkim_selector", dkimSelector);
    List<Map<String, String>> addresses = new ArrayList<>();
    virtualAddresses.forEach((address, user) -> addresses.add(Map.of("address", address, "user", user)));
    m.put("virtual_addresses", addresses);
    m.put("users", List.copyOf(users.keySet()));
    m.put("greylisting_pass_list", greylistingPassList);
    m.put("greylisting_delay", greylistingDelay);
    // As SpamAssassin writes it: one decimal (5.0, 6.5), never 5.000001 or 1E1.
    m.put("spam_threshold", java.math.BigDecimal.valueOf(spamThreshold).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString());
    List<Map<String, String>> overrides = new ArrayList<>();
    postfixOverrides.forEach((name, value) -> overrides.add(Map.of("name", name, "value", value)));
    m.put("postfix_overrides", overrides);
    return m;
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
}
