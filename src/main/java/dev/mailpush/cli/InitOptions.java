package dev.mailpush.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What {@code init} asks for: the few values a starter inventory cannot guess. */
final class InitOptions {
  @Option(
      names = "--hostname",
      required = true,
      paramLabel = "FQDN",
      description = "The mail server's name: MX target, reverse DNS, certificate name.")
  String hostname;

  @Option(
      names = "--address",
      required = true,
      paramLabel = "HOST",
      description = "Where to SSH: the server's IP address or a resolvable name.")
  String address;

  @Option(
      names = "--domain",
      required = true,
      paramLabel = "DOMAIN",
      description = "A domain to receive mail for (repeat for several).")
  List<String> domains;

  @Option(
      names = "--user",
      defaultValue = "postmaster",
      paramLabel = "NAME",
      description = "The local user who reads the domains' mail (default: ${DEFAULT-VALUE}).")
  String user;

  @Option(
      names = "--ssh-user",
      defaultValue = "root",
      paramLabel = "NAME",
      description = "The SSH login; not root means sudo (default: ${DEFAULT-VALUE}).")
  String sshUser;

  @Option(
      names = "--name",
      defaultValue = "mx1",
      paramLabel = "NAME",
      description = "The host's name in the inventory (default: ${DEFAULT-VALUE}).")
  String name;

  /** The starter inventory these values make (names and domains lowercased). */
  String render() {
    return StarterInventory.render(
        name,
        address,
        hostname.toLowerCase(Locale.ROOT),
        domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(),
        user,
        sshUser);
  }
}
