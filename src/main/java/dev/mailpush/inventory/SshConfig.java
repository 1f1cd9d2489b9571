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
 * @param keepAlive when a connection that went silent counts as lost
 */
public record SshConfig(
    String user,
    int port,
    Optional<Path> identityFile,
    Path knownHosts,
    HostKeyPolicy hostKeyPolicy,
    Become become,
    Optional<JumpHost> jumpHost,
    Duration connectTimeout,
    KeepAlive keepAlive) {

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
    Objects.requireNonNull(keepAlive, "keepAlive");
  }

  /** With the default keepalive ({@link KeepAlive#DEFAULT}). */
  public SshConfig(
      String user,
      int port,
      Optional<Path> identityFile,
      Path knownHosts,
      HostKeyPolicy hostKeyPolicy,
      Become become,
      Optional<JumpHost> jumpHost,
      Duration connectTimeout) {
    this(
        user,
        port,
        identityFile,
        knownHosts,
        hostKeyPolicy,
        become,
        jumpHost,
        connectTimeout,
        KeepAlive.DEFAULT);
  }

  /**
   * A keepalive request every {@code interval}; the connection counts as lost when {@code count} of
   * them in a row went unanswered and the next one is due, so a host that went silent is given up
   * between count × interval and (count + 1) × interval later. Without it a cut network (no reset,
   * no FIN) would leave a run waiting forever.
   */
  public record KeepAlive(Duration interval, int count) {
    /** 15 s × 4: a silent host is given up after 60 to 75 s. */
    public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofSeconds(15), 4);

    public KeepAlive {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "keepalive interval (" + interval + ") must be positive");
      }
      if (count < 1) {
        throw new IllegalArgumentException("keepalive count (" + count + ") must be at least 1");
      }
    }

    /** The longest a silent connection can go unnoticed. */
    public Duration bound() {
      return interval.multipliedBy(count + 1L);
    }
  }

  /**
   * {@code strict} refuses unknown and changed keys; {@code accept-new} records unknown keys,
   * refuses changed ones.
   */
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
