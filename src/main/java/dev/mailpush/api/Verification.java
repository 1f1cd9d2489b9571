package dev.mailpush.api;

import dev.mailpush.dns.DnsLookup;
import dev.mailpush.dns.DnsReport;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.MtaStsPolicy;
import dev.mailpush.report.Check;
import dev.mailpush.ssh.SshConnector;
import dev.mailpush.verify.ClientSettings;
import dev.mailpush.verify.Target;
import dev.mailpush.verify.Verifier;
import dev.mailpush.verify.WebSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
          FanOut.map(hosts, settings.forks(), h -> host(h, hosts, settings, verifier, ssh)));
    }
  }

  private static VerifyResult.Host host(
      HostConfig h,
      List<HostConfig> all,
      VerifySettings settings,
      Verifier verifier,
      SshConnector ssh) {
    Target t = target(h, settings);
    List<Check> checks = new ArrayList<>(verifier.verify(t, site(h)));
    if (h.mail().relay().isPresent()) {
      checks.add(new RelayLogin(ssh).check(h));
    }
    settings.resolver().ifPresent(dns -> checks.addAll(clientSrv(dns, h, all)));
    return new VerifyResult.Host(t, checks, ClientSettings.of(t));
  }

  /**
   * The SRV records a mail client finds the server by, for each domain of the host: at every host
   * that serves the domain, as dns apply writes them.
   */
  private static List<Check> clientSrv(DnsLookup dns, HostConfig h, List<HostConfig> all) {
    List<Check> checks = new ArrayList<>();
    for (String domain : h.mail().virtualDomains()) {
      List<String> serving =
          all.stream()
              .filter(o -> o.mail().virtualDomains().contains(domain))
              .map(HostConfig::hostname)
              .toList();
      checks.add(DnsReport.clientSrv(dns, domain, serving));
    }
    return checks;
  }

  /** What the host's web server serves, as the inventory says (none without mta_sts/autoconfig). */
  private static WebSite site(HostConfig h) {
    if (!h.mail().web().enabled()) {
      return WebSite.NONE;
    }
    Optional<MtaStsPolicy> policy = h.mail().web().policy(h.hostname());
    return new WebSite(
        h.mail().virtualDomains(),
        policy.map(MtaStsPolicy::text),
        policy.map(MtaStsPolicy::id).orElse(""),
        h.mail().web().autoconfig());
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
