package dev.mailpush.cli;

import dev.mailpush.api.DnsSettings;
import dev.mailpush.dns.DnsReport;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code dns-report} asks: which resolver, which blocklists, whether to read the hosts' DKIM
 * keys.
 */
final class DnsOptions {
  @Option(
      names = "--resolver",
      paramLabel = "HOST[:PORT]",
      description = "Ask this DNS server (default: the system's resolvers).")
  String resolver;

  @Option(
      names = "--dnsbl",
      split = ",",
      paramLabel = "ZONE",
      defaultValue = "zen.spamhaus.org,bl.spamcop.net,b.barracudacentral.org",
      description = "Blocklists to check the hosts' addresses against (default: ${DEFAULT-VALUE}).")
  List<String> dnsbls = new ArrayList<>(DnsReport.DEFAULT_DNSBLS);

  @Option(
      names = "--no-ssh",
      description = "Do not connect to the hosts: DKIM records are checked for syntax only.")
  boolean noSsh;

  DnsSettings settings() {
    return DnsSettings.parse(resolver, dnsbls, !noSsh);
  }
}
