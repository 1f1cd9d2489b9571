package dev.mailpush.cli;

import dev.mailpush.report.Check;
import dev.mailpush.dns.DkimKeySource;
import dev.mailpush.dns.DnsLookup;
import dev.mailpush.dns.DnsReport;
import dev.mailpush.dns.DnsjavaLookup;
import dev.mailpush.dns.SshDkimKeySource;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush dns-report INVENTORY}: every DNS record the mail server needs, with the line to publish. */
@Command(name = "dns-report", mixinStandardHelpOptions = true,
    description = {"Check the DNS records every domain and host needs, with the zone-file line for each fix.",
        "Checks MX, A/AAAA, forward-confirmed reverse DNS, SPF, DKIM (against the key on the host, read",
        "over SSH), DMARC, MTA-STS, TLS-RPT and blocklists.",
        "Every missing or wrong record comes with the zone-file line to publish.",
        "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."},
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush dns-report inventory.toml",
        "  mailpush dns-report inventory.toml --resolver 127.0.0.1:5353 --json",
        "  mailpush dns-report inventory.toml --dnsbl zen.spamhaus.org --no-ssh"})
final class DnsReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
      description = "Ask this DNS server (default: the system's resolvers).")
  String resolver;

  @Option(names = "--dnsbl", split = ",", paramLabel = "ZONE",
      description = "Blocklists to check the hosts' addresses against (default: ${DEFAULT-VALUE}).",
      defaultValue = "zen.spamhaus.org,bl.spamcop.net,b.barracudacentral.org")
  List<String> dnsbls = new ArrayList<>(DnsReport.DEFAULT_DNSBLS);

  @Option(names = "--no-ssh", description = "Do not connect to the hosts: DKIM records are checked for syntax only.")
  boolean noSsh;

  @Option(names = "--limit", split = ",", paramLabel = "HOST", description = "Only these inventory hosts.")
  List<String> limit = List.of();

  @Option(names = "--json", description = "One JSON object per check, then a summary line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DnsLookup dns = lookup(resolver);
    List<String> zones = dnsbls.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String z : zones) {
      if (!z.matches("[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+\\.?")) {
        throw new UsageError("--dnsbl: \"" + z + "\" is not a DNS zone", "e.g. --dnsbl zen.spamhaus.org,bl.spamcop.net");
      }
    }
    Inventory inv = new InventoryLoader().load(inventory);
    List<HostConfig> hosts = PlayCommandSupport.select(inv, limit);
    Map<String, DkimKeySource.HostKeys> keys = noSsh ? notAsked(hosts) : fetchKeys(hosts);
    List<Check> checks = new DnsReport(dns, zones, Clock.systemUTC()).run(hosts, keys);
    List<Check> rows = checks;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      CheckReport.json(out, rows, true);
      CheckReport.summaryJson(out, rows);
    } else {
      Set<String> domains = new LinkedHashSet<>();
      rows.stream().filter(r -> r.domain() != null).forEach(r -> domains.add(r.domain()));
      for (String d : domains) {
        CheckReport.table(out, "domain " + d, rows.stream().filter(r -> d.equals(r.domain())).toList(), true);
      }
      for (HostConfig h : hosts) {
        CheckReport.table(out, "host " + h.name() + " (" + h.hostname() + ", " + h.address() + ")",
            rows.stream().filter(r -> r.domain() == null && h.name().equals(r.host())).toList(), false);
      }
      CheckReport.summaryHuman(out, rows);
    }
    return CheckReport.anyFail(rows) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  static DnsLookup lookup(String resolver) {
    if (resolver == null) {
      return DnsjavaLookup.system();
    }
    String host = resolver;
    int port = 53;
    int colon = resolver.lastIndexOf(':');
    if (colon > 0 && resolver.indexOf(':') == colon) { // host:port; a bare IPv6 address has several colons
      host = resolver.substring(0, colon);
      try {
        port = Integer.parseInt(resolver.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    } else if (resolver.startsWith("[") && resolver.contains("]:")) {
      host = resolver.substring(1, resolver.indexOf(']'));
      port = Integer.parseInt(resolver.substring(resolver.indexOf("]:") + 2));
    }
    if (port < 1 || port > 65535 || host.isBlank()) {
      throw new UsageError("--resolver " + resolver + ": expected HOST or HOST:PORT", "e.g. --resolver 127.0.0.1:5353");
    }
    try {
      return DnsjavaLookup.server(host, port);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--resolver " + resolver + ": " + e.getMessage(), "give the resolver as an IP address");
    }
  }

  private static Map<String, DkimKeySource.HostKeys> notAsked(List<HostConfig> hosts) {
    Map<String, DkimKeySource.HostKeys> m = new LinkedHashMap<>();
    hosts.forEach(h -> m.put(h.name(), new DkimKeySource.HostKeys.NotAsked()));
    return m;
  }

  private Map<String, DkimKeySource.HostKeys> fetchKeys(List<HostConfig> hosts) throws Exception {
    Map<String, DkimKeySource.HostKeys> m = new LinkedHashMap<>();
    List<HostConfig> withDomains = hosts.stream().filter(h -> !h.mail().virtualDomains().isEmpty()).toList();
    if (withDomains.isEmpty()) {
      return notAsked(hosts);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(50, withDomains.size()));
    try (SshConnector ssh = new SshConnector(new PromptingCredentials(spec.commandLine().getErr()))) {
      SshDkimKeySource source = new SshDkimKeySource(ssh);
      Map<String, Future<DkimKeySource.HostKeys>> futures = new LinkedHashMap<>();
      for (HostConfig h : withDomains) {
        futures.put(h.name(), pool.submit(() -> source.fetch(h)));
      }
      for (Map.Entry<String, Future<DkimKeySource.HostKeys>> e : futures.entrySet()) {
        m.put(e.getKey(), e.getValue().get());
      }
    } finally {
      pool.shutdownNow();
    }
    hosts.forEach(h -> m.putIfAbsent(h.name(), new DkimKeySource.HostKeys.NotAsked()));
    return m;
  }

}
