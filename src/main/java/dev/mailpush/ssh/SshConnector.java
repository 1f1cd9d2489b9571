package dev.mailpush.ssh;

import dev.mailpush.inventory.SshConfig;

/** Placeholder replaced by the real connector. */
public final class SshConnector implements AutoCloseable {
  private final Credentials credentials;

  public SshConnector(Credentials credentials) {
    this.credentials = credentials;
  }

  public HostSession open(String hostName, String address, SshConfig ssh) {
    throw new UnsupportedOperationException(hostName + address + ssh + credentials);
  }

  @Override
  public void close() {}
}
