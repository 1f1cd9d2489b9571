package dev.mailpush.dns;

import dev.mailpush.MailpushException;
import dev.mailpush.dkim.DkimState;
import dev.mailpush.dkim.DomainKeys;
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
import java.util.Set;

/**
 * Reads every DKIM record file of a host: each domain's state file and the inventory's record in
 * one fact probe, and, only when a rotation left state, the records it names in a second.
 */
public final class SshDkimKeySource implements DkimKeySource {
  private final SshConnector ssh;

  public SshDkimKeySource(SshConnector ssh) {
    this.ssh = ssh;
  }

  @Override
  public HostKeys fetch(HostConfig host) {
    if (host.mail().virtualDomains().isEmpty()) {
      return new HostKeys.Records(Map.of());
    }
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      return new HostKeys.Records(read(s, host));
    } catch (MailpushException e) {
      return new HostKeys.Unreachable(e.getMessage());
    }
  }

  /**
   * Each virtual domain's keys on the host of {@code session}.
   *
   * @throws MailpushException when a state file cannot be read or parsed
   */
  public static Map<String, DomainKeys> read(HostSession session, HostConfig host) {
    String first = host.mail().dkimSelector();
    Set<String> paths = new LinkedHashSet<>();
    for (String d : host.mail().virtualDomains()) {
      paths.add(DkimState.path(d));
      paths.add(DkimKeySource.recordPath(d, first));
    }
    HostFacts facts = Probe.gather(session, FactQuery.contents(paths));
    Map<String, DkimState> states = new LinkedHashMap<>();
    Set<String> more = new LinkedHashSet<>();
    for (String d : host.mail().virtualDomains()) {
      String path = DkimState.path(d);
      DkimState state;
      try {
        state =
            facts.content(path).map(b -> DkimState.parse(text(b), path)).orElse(DkimState.none());
      } catch (IllegalArgumentException e) {
        throw new MailpushException(
            host.name() + ": " + e.getMessage(),
            "correct or remove " + path + " (without it " + first + " signs)");
      }
      states.put(d, state);
      for (String sel : DomainKeys.selectors(state.signing(first), state)) {
        if (!sel.equals(first)) {
          more.add(DkimKeySource.recordPath(d, sel));
        }
      }
    }
    HostFacts extra =
        more.isEmpty()
            ? facts
            : Probe.gather(session, FactQuery.contents(more).plus(FactQuery.contents(paths)));
    Map<String, DomainKeys> out = new LinkedHashMap<>();
    states.forEach(
        (d, state) -> {
          String signing = state.signing(first);
          Map<String, Optional<String>> records = new LinkedHashMap<>();
          for (String sel : DomainKeys.selectors(signing, state)) {
            records.put(
                sel, extra.content(DkimKeySource.recordPath(d, sel)).map(SshDkimKeySource::text));
          }
          out.put(d, new DomainKeys(signing, state, records));
        });
    return out;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
