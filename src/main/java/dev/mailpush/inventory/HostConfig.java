package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One target host after merging: {@code [ssh]} defaults with {@code [hosts.X.ssh]}, {@code [mail]} with
 * {@code [hosts.X.mail]}, {@code [tls]} with {@code [hosts.X.tls]}, {@code [vars]} with {@code [hosts.X.vars]}.
 *
 * @param name the inventory key ({@code mx1} in {@code [hosts.mx1]})
 * @param address where to connect (IP address or resolvable name)
 * @param hostname the FQDN of the mail server (MX target, banner, certificate name)
 * @param vars free-form string variables for user playbooks and templates
 */
public record HostConfig(
    String name,
    String address,
    String hostname,
    SshConfig ssh,
    MailConfig mail,
    TlsConfig tls,
    Map<String, String> vars) {

  public HostConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(tls, "tls");
    vars = Map.copyOf(vars);
  }

  /** The values a playbook or template may reference, keyed as in the inventory file. */
  public Map<String, Object> model() {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("name", name);
    host.put("address", address);
    host.put("hostname", hostname);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("host", host);
    model.put("mail", mail.model());
    model.put("tls", tls.model());
    model.put("vars", vars);
    return model;
  }
}
