package dev.mailpush.dns;

import dev.mailpush.MailpushException;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.Probe;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/** Reads every DKIM record file of a host in one SSH round trip (one fact probe). */
public final class SshDkimKeySource implements DkimKeySource {
  private final SshConnector ssh;

  public SshDkimKeySource(SshConnector ssh) {
    this.ssh = ssh;
  }

  @Override
  public HostKeys fetch(HostConfig host) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (String d : host.mail().virtualDomains()) {
      paths.put(d, DkimKeySource.recordPath(d, host.mail().dkimSelector()));
    }
    if (paths.isEmpty()) {
      return new HostKeys.Records(Map.of());
    }
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      HostFacts facts = Probe.gather(s, FactQuery.contents(new LinkedHashSet<>(paths.values())));
      Map<String, Optional<String>> out = new LinkedHashMap<>();
      paths.forEach(
          (d, p) -> out.put(d, facts.content(p).map(b -> new String(b, StandardCharsets.UTF_8))));
      return new HostKeys.Records(out);
    } catch (MailpushException e) {
      return new HostKeys.Unreachable(e.getMessage());
    }
  }
}
