package dev.mailpush.engine;

import dev.mailpush.ssh.HostSession;

/** Opens the one session a target uses for the whole run. */
@FunctionalInterface
public interface SessionOpener {
  HostSession open(Target target);
}
