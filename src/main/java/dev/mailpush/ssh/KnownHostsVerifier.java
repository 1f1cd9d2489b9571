package dev.mailpush.ssh;

import dev.mailpush.ssh.HostKeyCheck.Changed;
import dev.mailpush.ssh.HostKeyCheck.Unknown;
import dev.mailpush.ssh.HostKeyCheck.Unusable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * MINA's known_hosts matching for one file, with mailpush's policy: unknown keys are refused
 * (strict) or appended (accept-new); changed keys are always refused. Refusals are reported on the
 * connection's {@link HostKeyCheck} so the caller can say which fingerprints differ.
 */
final class KnownHostsVerifier extends KnownHostsServerKeyVerifier {
  private final KnownHostsFile file;

  KnownHostsVerifier(Path path) {
    super(RejectAllServerKeyVerifier.INSTANCE, path);
    this.file = new KnownHostsFile(path);
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    // Without our check attached we know neither the host nor the policy: refuse.
    return check(session) != null && super.verifyServerKey(session, remote, key);
  }

  /**
   * Match on the configured name and port only: behind a jump host the socket peer is a local
   * forward.
   */
  @Override
  protected Collection<SshdSocketAddress> resolveHostNetworkIdentities(
      ClientSession session, SocketAddress remote) {
    return List.of(check(session).identity());
  }

  @Override
  protected boolean acceptUnknownHostKey(
      ClientSession session, SocketAddress remote, PublicKey key) {
    HostKeyCheck check = check(session);
    return switch (check.policy()) {
      case STRICT -> {
        check.report(new Unknown(key));
        yield false;
      }
      case ACCEPT_NEW -> {
        try {
          file.append(check.host(), check.port(), check.knownHostsName(), key);
          yield true;
        } catch (IOException | RuntimeException e) {
          check.report(new Unusable("cannot add the key to", e));
          yield false;
        }
      }
    };
  }

  @Override
  public boolean acceptModifiedServerKey(
      ClientSession session,
      SocketAddress remote,
      KnownHostEntry entry,
      PublicKey expected,
      PublicKey actual) {
    check(session).report(new Changed(expected, actual));
    return false;
  }

  @Override
  protected boolean acceptIncompleteHostKeys(
      ClientSession session, SocketAddress remote, PublicKey key, Throwable reason) {
    check(session).report(new Unusable("cannot read", reason));
    return false;
  }

  private static HostKeyCheck check(ClientSession session) {
    var context = session.getConnectionContext();
    return context == null ? null : context.getAttribute(HostKeyCheck.KEY);
  }
}
