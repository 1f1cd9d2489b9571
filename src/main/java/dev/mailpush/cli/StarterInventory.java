package dev.mailpush.cli;

import java.util.List;
import java.util.stream.Collectors;

/** The text {@code mailpush init} writes: the keys a first deploy needs, each with a comment. */
final class StarterInventory {
  private StarterInventory() {}

  static String render(
      String name,
      String address,
      String hostname,
      List<String> domains,
      String user,
      String sshUser) {
    String quotedDomains =
        domains.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(", "));
    StringBuilder addresses = new StringBuilder();
    for (String d : domains) {
      addresses.append("\"postmaster@").append(d).append("\" = \"").append(user).append("\"\n");
      if (!user.equals("postmaster")) {
        addresses
            .append('"')
            .append(user)
            .append('@')
            .append(d)
            .append("\" = \"")
            .append(user)
            .append("\"\n");
      }
    }
    return """
        # mailpush inventory, written by `mailpush init`. Every key is explained in inventory.example.toml.

        [ssh]
        user = "%s"
        # The server's host key must be in known_hosts (check its fingerprint first), or set
        # host_key_policy = "accept-new" for the first run only.
        known_hosts = "~/.ssh/known_hosts"
        host_key_policy = "strict"
        become = "%s"

        [mail]
        server_label = "%s mail server"
        virtual_domains = [%s]

        # Every address that receives mail -> the local user who reads it.
        [mail.virtual_addresses]
        %s
        # The user's password (for IMAP and sending): run `mailpush hash-password` and paste the hash.
        # Until then this placeholder makes the inventory invalid on purpose.
        [mail.users.%s]
        password_hash = "$6$replace-me"

        [tls]
        # "self-signed" until DNS points at the server; then "acme" with acme_email and
        # acme_accept_terms = true for a Let's Encrypt certificate.
        mode = "self-signed"

        [resolver]
        # The server's own validating resolver (unbound, on 127.0.0.1 only): what makes DANE checks
        # of outgoing mail real, and what DNS blocklists answer. "system" keeps its resolv.conf.
        mode = "unbound"

        [hosts.%s]
        address = "%s"
        hostname = "%s"
        """
        .formatted(
            sshUser,
            sshUser.equals("root") ? "none" : "sudo",
            domains.get(0),
            quotedDomains,
            addresses.toString().strip(),
            user,
            name,
            address,
            hostname);
  }
}
