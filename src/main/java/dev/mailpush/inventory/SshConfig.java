package dev.mailpush.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and become root on one host.
 *
 * @param identityFile private key file; empty to use the default keys in {@code ~/.ssh}
 * @param jumpHost optional bastion, {@code [user@]host[:port]}
 */
public record SshConfig(
    String user,
    int port,
    Optional<Path> identityFile,
    Path knownHosts,
    HostKeyPolicy hostKeyPolicy,
    Become become,
    Optional<JumpHost> jumpHost,
    Duration connectTimeout) {

  public SshConfig {
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port (" + port + ") must be between 1 and 65535");
    }
    Objects.requireNonNull(identityFile, "identityFile");
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
    Objects.requireNonNull(become, "become");
    Objects.requireNonNull(jumpHost, "jumpHost");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /** {@code strict} refuses unknown and changed keys; {@code accept-new} records unknown keys, refuses changed ones. */
  public enum HostKeyPolicy {
    STRICT("strict"),
    ACCEPT_NEW("accept-new");

    private final String key;

    HostKeyPolicy(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** How commands gain root: through {@code sudo}, or directly when the SSH user is root. */
  public enum Become {
    SUDO("sudo"),
    NONE("none");

    private final String key;

    Become(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** A bastion host the connection is tunnelled through. */
  public record JumpHost(String user, String address, int port) {
    public JumpHost {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(address, "address");
    }
  }
}
