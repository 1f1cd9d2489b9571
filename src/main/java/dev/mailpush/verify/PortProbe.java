package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.time.Duration;

/** Whether a service port accepts a TCP connection: the precondition of every other probe. */
final class PortProbe {
  private final Duration timeout;

  PortProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** The {@code port-N} check: {@link Status#OK} exactly when the connection was accepted. */
  Check probe(Target t, Endpoint e) {
    int port = t.port(e.port());
    String where = t.address() + ":" + port;
    try {
      Conversation.open(t.address(), port, timeout).close();
      return new Check(
          Subject.host(t.host()),
          "port-" + e.port(),
          Status.OK,
          where + " open",
          "open",
          null,
          "port " + e.port() + " reachable");
    } catch (IOException ex) {
      return new Check(
          Subject.host(t.host()),
          "port-" + e.port(),
          Status.FAIL,
          where + ": " + ex.getMessage(),
          "open",
          "start the service listening on "
              + e.port()
              + " and open the port in the firewall"
              + (e.port() == 25 ? " (some providers block port 25: ask them to unblock it)" : ""),
          "port " + e.port() + " not reachable");
    }
  }
}
