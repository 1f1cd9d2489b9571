package dev.mailpush.dns;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import dev.mailpush.tls.KeyHashes;

/** Hashes each host's served and next TLS keys on the host (one command as root). */
public final class SshTlsKeySource implements TlsKeySource {
  private final SshConnector ssh;

  public SshTlsKeySource(SshConnector ssh) {
    this.ssh = ssh;
  }

  @Override
  public HostKeys fetch(HostConfig host) {
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      KeyHashes.Hashes h = KeyHashes.read(s);
      return new HostKeys.Hashes(h.served(), h.next());
    } catch (MailpushException e) {
      return new HostKeys.Unreachable(e.getMessage());
    }
  }
}
