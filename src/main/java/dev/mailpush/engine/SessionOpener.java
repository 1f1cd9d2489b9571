package dev.mailpush.engine;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.ssh.HostSession;

/** Opens the one session a host uses for the whole run. */
@FunctionalInterface
public interface SessionOpener {
  HostSession open(HostConfig host);
}
