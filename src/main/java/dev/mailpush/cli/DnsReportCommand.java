package dev.mailpush.cli;

import dev.mailpush.api.DnsSettings;
import dev.mailpush.api.Mailpush;
import dev.mailpush.dns.DnsReport;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush dns-report INVENTORY}: every DNS record the mail server needs, with the line to
 * publish.
 */
@Command(
    name = "dns-report",
    mixinStandardHelpOptions = true,
    description = {
      "Check the DNS records every domain and host needs, with the zone-file line for each fix.",
      "Checks MX, A/AAAA, forward-confirmed reverse DNS, SPF, DKIM (against the key on the host, read",
      "over SSH), DMARC, MTA-STS, TLS-RPT and blocklists.",
      "Every missing or wrong record comes with the zone-file line to publish.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush dns-report inventory.toml",
      "  mailpush dns-report inventory.toml --resolver 127.0.0.1:5353 --json",
      "  mailpush dns-report inventory.toml --dnsbl zen.spamhaus.org --no-ssh"
    })
final class DnsReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

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

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DnsSettings settings = DnsSettings.parse(resolver, dnsbls, !noSsh);
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostConfig> chosen = hosts.of(mailpush.load(inventory));
    List<Check> checks = mailpush.dnsReport(chosen, settings);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      CheckReport.json(out, checks, true);
    } else {
      Set<String> domains = new LinkedHashSet<>();
      checks.stream().filter(c -> c.domain() != null).forEach(c -> domains.add(c.domain()));
      for (String d : domains) {
        CheckReport.table(
            out, "domain " + d, checks.stream().filter(c -> d.equals(c.domain())).toList(), true);
      }
      for (HostConfig h : chosen) {
        CheckReport.table(
            out,
            "host " + h.name() + " (" + h.hostname() + ", " + h.address() + ")",
            checks.stream().filter(c -> c.domain() == null && h.name().equals(c.host())).toList(),
            false);
      }
    }
    CheckReport.summary(out, checks, output.json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
