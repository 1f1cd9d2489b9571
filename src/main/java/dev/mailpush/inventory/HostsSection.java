package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code [hosts.NAME]}: each host's address and name, and its settings merged over the defaults.
 */
final class HostsSection {
  static final List<String> KEYS =
      List.of(
          "address",
          "public_address",
          "hostname",
          "ssh",
          "mail",
          "tls",
          "backup",
          "alerts",
          "resolver",
          "vars");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final Defaults defaults;
  private final PathResolver paths;

  /** The top-level tables every host inherits. */
  record Defaults(
      Settings ssh,
      Settings mail,
      Settings tls,
      Settings backup,
      Settings alerts,
      Settings resolver,
      Settings.Entries vars) {}

  HostsSection(Defaults defaults, PathResolver paths) {
    this.defaults = defaults;
    this.paths = paths;
  }

  /** One {@link HostConfig} per well-formed host, in file order. */
  List<HostConfig> read(TableReader hosts) {
    List<Read> read = new ArrayList<>();
    for (String name : hosts.keys()) {
      if (!NAME.matcher(name).matches()) {
        hosts
            .problems()
            .add(
                hosts.positionOf(name),
                "invalid host name \"" + Printable.inline(name) + "\" " + hosts.where(),
                "host names start with a letter or digit, then letters, digits, _ . or -");
        continue;
      }
      hosts
          .table(name)
          .ifPresent(t -> host(name, t).ifPresent(config -> read.add(new Read(config, t))));
    }
    rejectDuplicates(read);
    oneWebHostPerDomain(read);
    return read.stream().map(Read::config).toList();
  }

  /** A host and the table it came from, to point duplicate errors at the right lines. */
  private record Read(HostConfig config, TableReader table) {}

  private Optional<HostConfig> host(String name, TableReader t) {
    t.rejectUnknown(KEYS, key -> belongsInSubtable(t.name(), key));
    Optional<Located<String>> address =
        required(
            t,
            "address",
            HostAddresses::address,
            "203.0.113.10",
            "where mailpush connects over SSH");
    Optional<Located<String>> hostname =
        required(
            t,
            "hostname",
            Names::fqdn,
            "mail.example.com",
            "the FQDN used as MX target, PTR, certificate name and SMTP banner");
    Optional<List<Located<String>>> publicAddress =
        t.stringOrStrings("public_address", HostAddresses::ipLiteral);
    HostScope scope = new HostScope(name, t.problems());
    Settings ssh =
        defaults.ssh().overriddenBy(t.table("ssh").map(SshSection::read).orElseGet(Settings::new));
    Settings mail =
        defaults
            .mail()
            .overriddenBy(t.table("mail").map(MailSection::read).orElseGet(Settings::new));
    Settings tls =
        defaults.tls().overriddenBy(t.table("tls").map(TlsSection::read).orElseGet(Settings::new));
    Settings backup =
        defaults
            .backup()
            .overriddenBy(t.table("backup").map(BackupSection::read).orElseGet(Settings::new));
    Settings alerts =
        defaults
            .alerts()
            .overriddenBy(t.table("alerts").map(AlertsSection::read).orElseGet(Settings::new));
    Settings resolver =
        defaults
            .resolver()
            .overriddenBy(t.table("resolver").map(ResolverSection::read).orElseGet(Settings::new));
    Settings.Entries vars =
        defaults
            .vars()
            .overriddenBy(t.table("vars").map(VarsSection::read).orElse(Settings.Entries.EMPTY));
    // Resolve even without address or hostname, so cross-checks of the settings are reported in the
    // same run.
    SshConfig sshConfig = SshSection.resolve(ssh, paths, scope);
    MailConfig mailConfig = MailSection.resolve(mail, paths, scope);
    TlsConfig tlsConfig = TlsSection.resolve(tls, paths, scope);
    Optional<BackupConfig> backupConfig = BackupSection.resolve(backup, paths, scope);
    AlertsConfig alertsConfig = AlertsSection.resolve(alerts, mailConfig, scope);
    ResolverConfig resolverConfig = ResolverSection.resolve(resolver, scope);
    webNeedsAcme(mail, mailConfig, tlsConfig, scope);
    if (address.isEmpty() || hostname.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> plainVars = new LinkedHashMap<>();
    vars.map().forEach((k, v) -> plainVars.put(k, v.value()));
    return Optional.of(
        new HostConfig(
            name,
            address.get().value(),
            hostname.get().value(),
            sshConfig,
            mailConfig,
            tlsConfig,
            backupConfig,
            plainVars,
            publicAddress
                .map(l -> l.stream().map(Located::value).distinct().toList())
                .orElse(List.of()),
            alertsConfig,
            resolverConfig));
  }

  private static Optional<Located<String>> required(
      TableReader t, String key, Function<String, Checked> rule, String example, String purpose) {
    if (!t.has(key)) {
      t.problems()
          .add(
              t.position(),
              "[" + t.name() + "] has no " + key,
              "add " + key + " = \"" + example + "\" (" + purpose + ")");
      return Optional.empty();
    }
    return t.string(key, rule);
  }

  /**
   * Per-host overrides live in subtables; say which one when a section's key is written directly in
   * a host.
   */
  private static String belongsInSubtable(String table, String key) {
    for (String section : List.of("ssh", "mail", "tls", "backup", "alerts", "resolver")) {
      List<String> keys =
          switch (section) {
            case "ssh" -> SshSection.KEYS;
            case "mail" -> MailSection.KEYS;
            case "tls" -> TlsSection.KEYS;
            case "backup" -> BackupSection.KEYS;
            case "alerts" -> AlertsSection.KEYS;
            default -> ResolverSection.KEYS;
          };
      if (keys.contains(key)) {
        return "per-host "
            + section
            + " settings go in a subtable: move "
            + key
            + " under ["
            + table
            + "."
            + section
            + "]";
      }
    }
    return null;
  }

  /**
   * Senders fetch an MTA-STS policy only from a certificate they trust, and mail clients would warn
   * about a self-signed one: the web names need the ACME certificate.
   */
  private static void webNeedsAcme(
      Settings mail, MailConfig config, TlsConfig tls, HostScope scope) {
    if (!config.web().enabled() || tls.mode() == TlsConfig.Mode.ACME) {
      return;
    }
    for (String key : List.of("mta_sts", "autoconfig")) {
      Optional<Located<Object>> set = mail.get(key, Object.class);
      boolean on =
          key.equals("mta_sts")
              ? config.web().mtaSts() != WebConfig.MtaStsMode.OFF
              : config.web().autoconfig();
      if (set.isPresent() && on) {
        scope.add(
            set.get().position(),
            key
                + " needs tls.mode = \"acme\": senders and mail clients accept the policy and the"
                + " settings only over HTTPS with a certificate they trust, which a self-signed one"
                + " is not",
            "set mode = \"acme\" in [tls] (the certificate then also names mta-sts. and"
                + " autoconfig. of each domain), or "
                + (key.equals("mta_sts") ? "mta_sts = \"off\"" : "autoconfig = false")
                + " for this host");
      }
    }
  }

  /**
   * mta-sts.DOMAIN and autoconfig.DOMAIN point at one host: two hosts serving them for one domain
   * would each need the other's HTTP-01 challenges answered.
   */
  private static void oneWebHostPerDomain(List<Read> hosts) {
    Map<String, Read> webHost = new HashMap<>();
    for (Read host : hosts) {
      HostConfig c = host.config();
      if (!c.mail().web().enabled()) {
        continue;
      }
      for (String domain : c.mail().virtualDomains()) {
        Read first = webHost.putIfAbsent(domain, host);
        if (first != null) {
          host.table()
              .problems()
              .add(
                  host.table().position(),
                  "\""
                      + c.name()
                      + "\" and \""
                      + first.config().name()
                      + "\" both serve mta_sts or autoconfig for "
                      + domain
                      + ": mta-sts."
                      + domain
                      + " and autoconfig."
                      + domain
                      + " can point at one host only",
                  "switch them off on all hosts but one: mta_sts = \"off\" and autoconfig = false"
                      + " in [hosts."
                      + c.name()
                      + ".mail]");
        }
      }
    }
  }

  /** Two tables describing the same server would race each other on every run. */
  private static void rejectDuplicates(List<Read> hosts) {
    Map<String, Read> byHostname = new HashMap<>();
    Map<String, Read> byEndpoint = new HashMap<>();
    for (Read host : hosts) {
      HostConfig c = host.config();
      Read first = byHostname.putIfAbsent(c.hostname(), host);
      if (first != null) {
        host.table()
            .problems()
            .add(
                host.table().positionOf("hostname"),
                "duplicate hosts: \""
                    + c.name()
                    + "\" has the same hostname \""
                    + c.hostname()
                    + "\" as \""
                    + first.config().name()
                    + "\" (line "
                    + first.table().position().line()
                    + ")",
                "each [hosts.NAME] table must be a different server: remove one, or correct its hostname");
      }
      first =
          byEndpoint.putIfAbsent(
              HostAddresses.canonicalAddress(c.address()) + " " + c.ssh().port(), host);
      if (first != null) {
        host.table()
            .problems()
            .add(
                host.table().positionOf("address"),
                "duplicate hosts: \""
                    + c.name()
                    + "\" has the same address and SSH port ("
                    + c.address()
                    + ", port "
                    + c.ssh().port()
                    + ") as \""
                    + first.config().name()
                    + "\" (line "
                    + first.table().position().line()
                    + ")",
                "each [hosts.NAME] table must be a different server: remove one, or correct its address or [hosts.NAME.ssh] port");
      }
    }
  }
}
