package dev.mailpush.sandbox;

/**
 * The inventory written for a sandbox, and the snippet that adds it to an inventory of one's own.
 */
public final class SandboxInventory {
  private SandboxInventory() {}

  /**
   * A complete inventory: key and known_hosts are relative names, which the loader resolves against
   * the inventory's own directory, so the directory can be moved. The self-signed certificate: no
   * ACME CA can reach a loopback port.
   */
  public static String render(Sandbox s, int sshPort) {
    return """
        # Inventory for the local sandbox %s (written by mailpush sandbox up).
        # Remove it with: mailpush sandbox down %s
        [ssh]
        user = "admin"
        identity_file = "id_ed25519"
        known_hosts = "known_hosts"
        host_key_policy = "strict"
        become = "sudo"

        [mail]
        server_label = "mailpush sandbox"
        virtual_domains = ["sandbox.test"]

        [mail.virtual_addresses]
        "postmaster@sandbox.test" = "alice"
        "alice@sandbox.test" = "alice"

        [tls]
        mode = "self-signed"

        %s"""
        .formatted(s.container(), s.name(), hostBlock(s, sshPort, "id_ed25519", "known_hosts"));
  }

  /**
   * The host block with absolute paths: what to paste into another inventory to try a change here.
   */
  public static String snippet(Sandbox s, int sshPort) {
    return hostBlock(s, sshPort, s.identity().toString(), s.knownHosts().toString());
  }

  private static String hostBlock(Sandbox s, int sshPort, String identity, String knownHosts) {
    return """
        [hosts.%1$s]
        address = "127.0.0.1"
        hostname = "%2$s"

        [hosts.%1$s.ssh]
        port = %3$d
        user = "admin"
        identity_file = "%4$s"
        known_hosts = "%5$s"
        become = "sudo"
        """
        .formatted(s.name(), Sandbox.HOSTNAME, sshPort, identity, knownHosts);
  }
}
