package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host's small HTTPS web server serves ({@code [mail] mta_sts} and {@code autoconfig}):
 * the MTA-STS policy at {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} and the mail
 * clients' settings at {@code https://autoconfig.DOMAIN/mail/config-v1.1.xml}, for every virtual
 * domain of the host. Both need the ACME certificate, which then also names those hosts.
 */
public record WebConfig(MtaStsMode mtaSts, boolean autoconfig) {
  public static final WebConfig OFF = new WebConfig(MtaStsMode.OFF, false);

  public WebConfig {
    Objects.requireNonNull(mtaSts, "mtaSts");
  }

  /** Whether the web server runs at all. */
  public boolean enabled() {
    return mtaSts != MtaStsMode.OFF || autoconfig;
  }

  /**
   * {@code mta_sts}: {@code off} publishes nothing; {@code testing} lets senders report failures
   * (TLS-RPT) but still deliver; {@code enforce} makes them refuse to deliver without verified TLS
   * to a listed MX.
   */
  public enum MtaStsMode {
    OFF("off", 0),
    // A day: a mistake in testing, or the step to enforce or off, reaches senders' caches soon.
    TESTING("testing", 86400),
    // A week (RFC 8461 suggests weeks): long enough to protect, short enough to change course.
    ENFORCE("enforce", 604800);

    private final String key;
    private final int maxAge;

    MtaStsMode(String key, int maxAge) {
      this.key = key;
      this.maxAge = maxAge;
    }

    public String key() {
      return key;
    }

    /** The policy's max_age in seconds: how long senders cache it. */
    public int maxAge() {
      return maxAge;
    }

    static MtaStsMode of(String key) {
      for (MtaStsMode m : values()) {
        if (m.key.equals(key)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mta_sts mode " + key);
    }
  }

  /**
   * mta-sts.DOMAIN and autoconfig.DOMAIN of each domain, as switched on: extra certificate names.
   */
  public List<String> names(List<String> domains) {
    List<String> names = new ArrayList<>();
    for (String d : domains) {
      String domain = d.toLowerCase(Locale.ROOT);
      if (mtaSts != MtaStsMode.OFF) {
        names.add(mtaStsName(domain));
      }
      if (autoconfig) {
        names.add(autoconfigName(domain));
      }
    }
    return List.copyOf(names);
  }

  public static String mtaStsName(String domain) {
    return "mta-sts." + domain.toLowerCase(Locale.ROOT);
  }

  public static String autoconfigName(String domain) {
    return "autoconfig." + domain.toLowerCase(Locale.ROOT);
  }

  /** The policy this host serves for every one of its domains; empty with mta_sts = "off". */
  public Optional<MtaStsPolicy> policy(String hostname) {
    return mtaSts == MtaStsMode.OFF
        ? Optional.empty()
        : Optional.of(new MtaStsPolicy(mtaSts, List.of(hostname), mtaSts.maxAge()));
  }

  Map<String, Object> model(String hostname, List<String> domains) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled());
    // Without a virtual domain there is no name to serve (nginx refuses an empty server_name).
    m.put("mta_sts", mtaSts != MtaStsMode.OFF && !domains.isEmpty());
    m.put("mta_sts_mode", mtaSts.key());
    m.put("mta_sts_policy", policy(hostname).map(MtaStsPolicy::text).orElse(""));
    m.put("mta_sts_names", mtaSts == MtaStsMode.OFF ? List.of() : prefixed(domains, true));
    m.put("autoconfig", autoconfig && !domains.isEmpty());
    m.put("autoconfig_names", autoconfig ? prefixed(domains, false) : List.of());
    // The autoconfig file's emailProvider id: the first domain (one file serves them all).
    m.put("provider_id", domains.isEmpty() ? hostname : domains.get(0).toLowerCase(Locale.ROOT));
    return m;
  }

  private static List<String> prefixed(List<String> domains, boolean mtaSts) {
    return domains.stream().map(d -> mtaSts ? mtaStsName(d) : autoconfigName(d)).toList();
  }
}
