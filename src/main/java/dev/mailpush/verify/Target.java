package dev.mailpush.verify;

import java.util.List;
import java.util.Objects;

/**
 * One host as verify sees it.
 *
 * @param host inventory name
 * @param hostname the FQDN clients use (banner, certificate name, SNI)
 * @param address where to connect
 * @param domains the virtual domains (the relay probes pick addresses outside them)
 * @param users local user names (the login names mail clients need)
 * @param maxMessageBytes the message size the inventory allows (mail.max_message_mb), which SMTP
 *     must advertise
 */
public record Target(
    String host,
    String hostname,
    String address,
    PortMap ports,
    boolean managesieve,
    List<String> domains,
    List<String> users,
    long maxMessageBytes) {
  public Target {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(ports, "ports");
    domains = List.copyOf(domains);
    users = List.copyOf(users);
  }

  /** The service ports to check, in order. */
  public List<Endpoint> endpoints() {
    return managesieve
        ? List.of(
            Endpoint.SMTP,
            Endpoint.SMTPS,
            Endpoint.SUBMISSION,
            Endpoint.IMAP,
            Endpoint.IMAPS,
            Endpoint.SIEVE)
        : List.of(
            Endpoint.SMTP, Endpoint.SMTPS, Endpoint.SUBMISSION, Endpoint.IMAP, Endpoint.IMAPS);
  }

  public int port(int service) {
    return ports.port(host, service);
  }
}
