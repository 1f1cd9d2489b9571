package dev.mailpush.verify;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes one host from outside, the way a mail client or another mail server sees it: ports,
 * banner, STARTTLS, TLS versions, certificate, authentication policy before TLS, relay policy.
 * Every connection is a fresh one; nothing is ever delivered (relay probes stop after RCPT TO) and
 * nothing authenticates.
 *
 * <p>This class only fixes the order of the probes, so a report reads the same on every run: every
 * port first, then for each reachable endpoint its TLS and its legacy TLS, then the open-relay
 * probe on port 25. Each kind of probe is its own class.
 */
public final class Verifier {
  private final PortProbe ports;
  private final TlsProbe tls;
  private final LegacyTlsProbe legacy;
  private final RelayProbe relay;
  private final WebProbe web;

  public Verifier(Trust trust, Duration timeout, Clock clock) {
    this.ports = new PortProbe(timeout);
    this.tls = new TlsProbe(trust, timeout, clock);
    this.legacy = new LegacyTlsProbe(timeout);
    this.relay = new RelayProbe(timeout);
    this.web = new WebProbe(trust, timeout);
  }

  public List<Check> verify(Target t) {
    return verify(t, WebSite.NONE);
  }

  /** The mail ports, then what the host's web server serves ({@code site}). */
  public List<Check> verify(Target t, WebSite site) {
    List<Check> checks = new ArrayList<>();
    List<Endpoint> reachable = new ArrayList<>();
    for (Endpoint e : t.endpoints()) {
      Check port = ports.probe(t, e);
      checks.add(port);
      if (port.status() == Status.OK) {
        reachable.add(e); // a closed port has nothing more to probe
      }
    }
    for (Endpoint e : reachable) {
      if (e.implicitTls()) {
        tls.implicitTls(t, e, checks);
      } else {
        tls.startTls(t, e, checks);
      }
      legacy.probe(t, e).ifPresent(checks::add);
    }
    if (reachable.contains(Endpoint.SMTP)) {
      checks.add(relay.openRelay(t, Endpoint.SMTP));
    }
    checks.addAll(web.probe(t, site));
    return checks;
  }
}
