package dev.mailpush.ssh;

import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * What one connection's host key must match, attached to the connection so the shared verifier
 * knows the configured name (not a jump host's local forward) and so a refusal can be explained
 * afterwards.
 */
record HostKeyCheck(
    String host,
    int port,
    Path knownHosts,
    HostKeyPolicy policy,
    AtomicReference<Problem> problem) {

  static final AttributeKey<HostKeyCheck> KEY = new AttributeKey<>();

  HostKeyCheck(String host, int port, Path knownHosts, HostKeyPolicy policy) {
    this(host, port, knownHosts, policy, new AtomicReference<>());
  }

  SshdSocketAddress identity() {
    return new SshdSocketAddress(host, port);
  }

  /** The host as OpenSSH writes it in known_hosts and expects it in {@code ssh-keygen -R}. */
  String knownHostsName() {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  void report(Problem p) {
    problem.compareAndSet(null, p);
  }

  Optional<SshException> failure(String who) {
    return Optional.ofNullable(problem.get()).map(p -> p.toException(this, who));
  }

  /** Why a host key was refused. */
  sealed interface Problem {
    SshException toException(HostKeyCheck check, String who);
  }

  record Unknown(PublicKey presented) implements Problem {
    @Override
    public SshException toException(HostKeyCheck c, String who) {
      return new SshException(
          SshException.Kind.HOST_KEY_UNKNOWN,
          who
              + " presented a host key that is not in "
              + c.knownHosts()
              + " ("
              + KeyUtils.getKeyType(presented)
              + " "
              + KeyUtils.getFingerPrint(presented)
              + "); host_key_policy = \"strict\" refuses unknown keys",
          "Check that fingerprint with the host's administrator or console (ssh-keygen -lf"
              + " /etc/ssh/ssh_host_"
              + hostKeyFileType(presented)
              + "_key.pub), then run once with host_key_policy = \"accept-new\","
              + " or add it with: ssh-keyscan -p "
              + c.port()
              + " "
              + c.host()
              + " >> "
              + c.knownHosts());
    }
  }

  /**
   * The {@code TYPE} of sshd's {@code /etc/ssh/ssh_host_TYPE_key.pub} that holds a key like this
   * one.
   */
  static String hostKeyFileType(PublicKey key) {
    String type = KeyUtils.getKeyType(key);
    return type.startsWith("ecdsa-") ? "ecdsa" : type.equals("ssh-rsa") ? "rsa" : "ed25519";
  }

  record Changed(PublicKey expected, PublicKey presented) implements Problem {
    @Override
    public SshException toException(HostKeyCheck c, String who) {
      return new SshException(
          SshException.Kind.HOST_KEY_CHANGED,
          "HOST KEY CHANGED for "
              + who
              + ": "
              + c.knownHosts()
              + " expects "
              + KeyUtils.getKeyType(expected)
              + " "
              + KeyUtils.getFingerPrint(expected)
              + " but the server presented "
              + KeyUtils.getKeyType(presented)
              + " "
              + KeyUtils.getFingerPrint(presented)
              + "; someone may be intercepting the connection, or the host was reinstalled",
          "If the change is expected, confirm the new fingerprint out of band, then remove the old entry"
              + " with: ssh-keygen -R \""
              + c.knownHostsName()
              + "\" -f "
              + c.knownHosts());
    }
  }

  record Unusable(String what, Throwable cause) implements Problem {
    @Override
    public SshException toException(HostKeyCheck c, String who) {
      return new SshException(
          SshException.Kind.HOST_KEY_UNKNOWN,
          "cannot verify the host key of "
              + who
              + ": "
              + what
              + " "
              + c.knownHosts()
              + " ("
              + cause.getMessage()
              + ")",
          "Fix the file's permissions or syntax (each line: HOST KEYTYPE BASE64).",
          cause);
    }
  }
}
