package dev.mailpush.ssh;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * The client-wide verifier: each host may name its own known_hosts file, so this routes every
 * connection to the verifier of its file (one per file, so appends to one file are serialised in
 * one place).
 */
final class HostKeyVerification implements ServerKeyVerifier {
  private final ConcurrentMap<Path, KnownHostsVerifier> byFile = new ConcurrentHashMap<>();

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    var context = session.getConnectionContext();
    HostKeyCheck check = context == null ? null : context.getAttribute(HostKeyCheck.KEY);
    if (check == null) {
      return false;
    }
    Path file = check.knownHosts().toAbsolutePath().normalize();
    return byFile
        .computeIfAbsent(file, KnownHostsVerifier::new)
        .verifyServerKey(session, remote, key);
  }
}
