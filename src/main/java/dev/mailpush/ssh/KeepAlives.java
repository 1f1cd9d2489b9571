package dev.mailpush.ssh;

import dev.mailpush.inventory.SshConfig.KeepAlive;
import java.io.IOException;
import java.util.Optional;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Each host's own keepalive on one shared client. MINA reads the heartbeat settings once, when it
 * creates a session's connection service (inside the session's constructor), from the session's
 * properties: so this factory copies the host's settings, carried in the connect context, onto the
 * session just before.
 */
final class KeepAlives implements ServiceFactory {
  static final AttributeKey<KeepAlive> KEY = new AttributeKey<>();

  @Override
  public String getName() {
    return ClientConnectionServiceFactory.INSTANCE.getName();
  }

  @Override
  public Service create(Session session) throws IOException {
    settings(session)
        .ifPresent(
            k -> {
              CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, k.interval());
              CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(session, k.count());
            });
    return ClientConnectionServiceFactory.INSTANCE.create(session);
  }

  /**
   * What ended a session, when {@code t} (as given to {@link SessionListener#sessionException})
   * says its keepalives went unanswered; empty for anything else. MINA's only signal is
   * ClientConnectionService.sendHeartBeat failing the session with "Got N heartbeat requests
   * without reply" (a plain SshException); KeepAlivesTest pins it.
   */
  static Optional<String> silence(Session session, Throwable t) {
    if (!(t instanceof org.apache.sshd.common.SshException)
        || !String.valueOf(t.getMessage()).contains("heartbeat")) {
      return Optional.empty();
    }
    return settings(session)
        .map(
            k ->
                "no answer to "
                    + k.count()
                    + " keepalives in a row (one every "
                    + k.interval().toSeconds()
                    + " s): the network or the host went silent");
  }

  private static Optional<KeepAlive> settings(Session session) {
    AttributeRepository context =
        session instanceof ClientSession c ? c.getConnectionContext() : null;
    return Optional.ofNullable(context == null ? null : context.getAttribute(KEY));
  }
}
