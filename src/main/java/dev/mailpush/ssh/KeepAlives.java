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
 * Each host's own keepalive on one shared client. MINA reads the heartbeat settings once, when it creates a
 * session's connection service (inside the session's constructor), from the session's properties: so this
 * factory copies the host's settings, carried in the connect context, onto the session just before. As a
 * listener it remembers that a session died because its keepalives went unanswered, which the report then
 * says instead of "the channel closed".
 */
final class KeepAlives implements ServiceFactory, SessionListener {
  static final AttributeKey<KeepAlive> KEY = new AttributeKey<>();
  private static final AttributeKey<KeepAlive> SILENT = new AttributeKey<>();

  @Override
  public String getName() {
    return ClientConnectionServiceFactory.INSTANCE.getName();
  }

  @Override
  public Service create(Session session) throws IOException {
    settings(session).ifPresent(k -> {
      CoreModuleProperties.HEARTBEAT_INTERVAL.set(session, k.interval());
      CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(session, k.count());
    });
    return ClientConnectionServiceFactory.INSTANCE.create(session);
  }

  @Override
  public void sessionException(Session session, Throwable t) {
    // MINA's only signal: ClientConnectionService.sendHeartBeat fails the session with "Got N heartbeat
    // requests without reply" (a plain SshException). KeepAlivesTest pins that text on the MINA in use.
    if (t instanceof org.apache.sshd.common.SshException && String.valueOf(t.getMessage()).contains("heartbeat")) {
      settings(session).ifPresent(k -> session.setAttribute(SILENT, k));
    }
  }

  /** Why the session is gone when its keepalives went unanswered; empty for any other end. */
  static Optional<String> silence(ClientSession session) {
    return Optional.ofNullable(session.getAttribute(SILENT)).map(k -> "no answer to " + k.count() + " keepalives in a"
        + " row (one every " + k.interval().toSeconds() + " s): the network or the host went silent");
  }

  private static Optional<KeepAlive> settings(Session session) {
    AttributeRepository context = session instanceof ClientSession c ? c.getConnectionContext() : null;
    return Optional.ofNullable(context == null ? null : context.getAttribute(KEY));
  }
}
