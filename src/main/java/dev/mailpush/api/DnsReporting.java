package dev.mailpush.api;

import dev.mailpush.dns.DkimKeySource;
import dev.mailpush.dns.DnsReport;
import dev.mailpush.dns.SshDkimKeySource;
import dev.mailpush.dns.SshTlsKeySource;
import dev.mailpush.dns.TlsKeySource;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.ssh.SshConnector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dns-report}: the DKIM keys and TLS key hashes read from the hosts (in parallel, one probe
 * each), then the DNS checks.
 */
final class DnsReporting {
  private final RunContext context;

  DnsReporting(RunContext context) {
    this.context = context;
  }

  List<Check> run(List<HostConfig> hosts, DnsSettings settings) {
    return new DnsReport(settings.resolver(), settings.dnsbls(), context.clock())
        .run(hosts, keys(hosts, settings), tlsKeys(hosts, settings));
  }

  /** Each host's TLS key hashes (served and next), for its TLSA records; NotAsked with --no-ssh. */
  Map<String, TlsKeySource.HostKeys> tlsKeys(List<HostConfig> hosts, DnsSettings settings) {
    Map<String, TlsKeySource.HostKeys> keys = new LinkedHashMap<>();
    if (settings.readHostKeys() && !hosts.isEmpty()) {
      try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
        TlsKeySource source = new SshTlsKeySource(ssh);
        List<TlsKeySource.HostKeys> read = FanOut.map(hosts, 50, source::fetch);
        for (int i = 0; i < hosts.size(); i++) {
          keys.put(hosts.get(i).name(), read.get(i));
        }
      }
    }
    hosts.forEach(h -> keys.putIfAbsent(h.name(), new TlsKeySource.HostKeys.NotAsked()));
    return keys;
  }

  Map<String, DkimKeySource.HostKeys> keys(List<HostConfig> hosts, DnsSettings settings) {
    Map<String, DkimKeySource.HostKeys> keys = new LinkedHashMap<>();
    List<HostConfig> withDomains =
        hosts.stream().filter(h -> !h.mail().virtualDomains().isEmpty()).toList();
    if (settings.readHostKeys() && !withDomains.isEmpty()) {
      try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
        SshDkimKeySource source = new SshDkimKeySource(ssh);
        List<DkimKeySource.HostKeys> read = FanOut.map(withDomains, 50, source::fetch);
        for (int i = 0; i < withDomains.size(); i++) {
          keys.put(withDomains.get(i).name(), read.get(i));
        }
      }
    }
    hosts.forEach(h -> keys.putIfAbsent(h.name(), new DkimKeySource.HostKeys.NotAsked()));
    return keys;
  }
}
