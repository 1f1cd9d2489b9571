package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target host after merging: {@code [ssh]} defaults with {@code [hosts.X.ssh]}, {@code [mail]}
 * with {@code [hosts.X.mail]}, {@code [tls]} with {@code [hosts.X.tls]}, {@code [vars]} with {@code
 * [hosts.X.vars]}.
 *
 * @param name the inventory key ({@code mx1} in {@code [hosts.mx1]})
 * @param address where to connect (IP address or resolvable name)
 * @param hostname the FQDN of the mail server (MX target, banner, certificate name)
 * @param backup where and how the host is backed up; empty when it has no {@code [backup]}
 * @param vars free-form string variables for user playbooks and templates
 * @param publicAddresses {@code public_address}: where the world reaches the host, when that is not
 *     {@code address}; empty otherwise
 * @param alerts the host's own alert timer ({@link AlertsConfig#OFF} without {@code [alerts]})
 * @param resolver the resolver the host's mail services ask ({@link ResolverConfig#SYSTEM} without
 *     {@code [resolver]})
 */
public record HostConfig(
    String name,
    String address,
    String hostname,
    SshConfig ssh,
    MailConfig mail,
    TlsConfig tls,
    java.util.Optional<BackupConfig> backup,
    Map<String, String> vars,
    java.util.List<String> publicAddresses,
    AlertsConfig alerts,
    ResolverConfig resolver) {

  public HostConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(backup, "backup");
    // In file order, so whatever lists them (a template, a report) says them the same way every
    // run.
    vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    publicAddresses = java.util.List.copyOf(publicAddresses);
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(resolver, "resolver");
  }

  /** A host without alerts and with the system's resolver. */
  public HostConfig(
      String name,
      String address,
      String hostname,
      SshConfig ssh,
      MailConfig mail,
      TlsConfig tls,
      java.util.Optional<BackupConfig> backup,
      Map<String, String> vars,
      java.util.List<String> publicAddresses) {
    this(
        name,
        address,
        hostname,
        ssh,
        mail,
        tls,
        backup,
        vars,
        publicAddresses,
        AlertsConfig.OFF,
        ResolverConfig.SYSTEM);
  }

  /** A host whose SSH address is also the one the world reaches it at. */
  public HostConfig(
      String name,
      String address,
      String hostname,
      SshConfig ssh,
      MailConfig mail,
      TlsConfig tls,
      java.util.Optional<BackupConfig> backup,
      Map<String, String> vars) {
    this(name, address, hostname, ssh, mail, tls, backup, vars, java.util.List.of());
  }

  /**
   * Where the world reaches the host (A/AAAA records, SPF, PTR, verify): {@code public_address}
   * when the inventory gives one (the SSH address is then a VPN, jump host or NAT address), else
   * the SSH address.
   */
  public java.util.List<String> publishedAddresses() {
    return publicAddresses.isEmpty() ? java.util.List.of(address) : publicAddresses;
  }

  /** A host without backups. */
  public HostConfig(
      String name,
      String address,
      String hostname,
      SshConfig ssh,
      MailConfig mail,
      TlsConfig tls,
      Map<String, String> vars) {
    this(name, address, hostname, ssh, mail, tls, java.util.Optional.empty(), vars);
  }

  /**
   * The virtual domain the host name belongs to (the longest one it ends with), whose DKIM key
   * signs the host's own mail: bounces and delivery reports from MAILER-DAEMON@hostname, cron mail.
   */
  public java.util.Optional<String> signingDomain() {
    return mail.virtualDomains().stream()
        .filter(d -> hostname.equals(d) || hostname.endsWith("." + d))
        .max(java.util.Comparator.comparingInt(String::length));
  }

  /**
   * The names the host's certificate must hold: its own, then mta-sts. and autoconfig. of each
   * virtual domain where the web server serves them.
   */
  public List<String> certificateNames() {
    List<String> names = new ArrayList<>();
    names.add(hostname.toLowerCase(java.util.Locale.ROOT));
    mail.web().names(mail.virtualDomains()).stream()
        .filter(n -> !names.contains(n))
        .forEach(names::add);
    return List.copyOf(names);
  }

  /**
   * Forwarding to outside addresses: on when an address has one. Mail from other domains leaves
   * from an SRS address of {@code srs_domain}; mail from this host's own domains keeps its sender.
   */
  private Map<String, Object> forwardingModel() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("enabled", mail.forwards());
    f.put("domain", ForwardAddress.DOMAIN);
    f.put("srs_domain", mail.srsDomain(hostname));
    List<String> own = new ArrayList<>(mail.virtualDomains());
    own.add(hostname);
    f.put("exclude_domains", String.join(",", own));
    return f;
  }

  /** The values a playbook or template may reference, keyed as in the inventory file. */
  public Map<String, Object> model() {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("name", name);
    host.put("address", address);
    host.put("hostname", hostname);
    host.put("signing_domain", signingDomain().stream().toList());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("host", host);
    Map<String, Object> mailModel = mail.model();
    mailModel.put("forwarding", forwardingModel());
    mailModel.put("web", mail.web().model(hostname, mail.virtualDomains()));
    model.put("mail", mailModel);
    model.put("tls", tls.model());
    model.put("backup", backup.map(BackupConfig::model).orElseGet(BackupConfig::disabledModel));
    model.put("alerts", alerts.model(publishedAddresses()));
    model.put("resolver", resolver.model());
    model.put("vars", vars);
    return model;
  }
}
