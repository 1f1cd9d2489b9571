package dev.mailpush.api;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.verify.ClientSettings;
import dev.mailpush.verify.Target;
import dev.mailpush.verify.Verifier;
import java.util.List;

/** {@code verify}: each host probed from outside, several at once. */
final class Verification {
  private final RunContext context;

  Verification(RunContext context) {
    this.context = context;
  }

  VerifyResult run(List<HostConfig> hosts, VerifySettings settings) {
    Verifier verifier = new Verifier(settings.trust(), settings.timeout(), context.clock());
    List<Target> targets = hosts.stream().map(h -> target(h, settings)).toList();
    return new VerifyResult(
        FanOut.map(
            targets,
            settings.forks(),
            t -> new VerifyResult.Host(t, verifier.verify(t), ClientSettings.of(t))));
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
