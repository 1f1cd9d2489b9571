package dev.mailpush.api;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.ssh.SshConnector;
import dev.mailpush.verify.ClientSettings;
import dev.mailpush.verify.Target;
import dev.mailpush.verify.Verifier;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify}: each host probed from outside, several at once, and its relay login checked on
 * the host when it has a {@code [mail.relay]}.
 */
final class Verification {
  private final RunContext context;

  Verification(RunContext context) {
    this.context = context;
  }

  VerifyResult run(List<HostConfig> hosts, VerifySettings settings) {
    Verifier verifier = new Verifier(settings.trust(), settings.timeout(), context.clock());
    boolean anyRelay = hosts.stream().anyMatch(h -> h.mail().relay().isPresent());
    // SSH only for hosts with a relay: the rest of verify is what the world sees from outside.
    try (SshConnector ssh =
        anyRelay ? new SshConnector(context.credentials(), context.home()) : null) {
      return new VerifyResult(
          FanOut.map(hosts, settings.forks(), h -> host(h, settings, verifier, ssh)));
    }
  }

  private static VerifyResult.Host host(
      HostConfig h, VerifySettings settings, Verifier verifier, SshConnector ssh) {
    Target t = target(h, settings);
    List<Check> checks = new ArrayList<>(verifier.verify(t));
    if (h.mail().relay().isPresent()) {
      checks.add(new RelayLogin(ssh).check(h));
    }
    return new VerifyResult.Host(t, checks, ClientSettings.of(t));
  }

  private static Target target(HostConfig h, VerifySettings s) {
    return new Target(
        h.name(),
        h.hostname(),
        s.connect().orElse(h.publishedAddresses().get(0)),
        s.ports(),
        h.mail().enableManagesieve(),
        h.mail().virtualDomains(),
        h.mail().mailUsers(),
        h.mail().maxMessageBytes());
  }
}
