package dev.mailpush.cli;

import dev.mailpush.api.DnsSettings;
import dev.mailpush.api.Mailpush;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "over SSH), DMARC, MTA-STS, TLS-RPT, the mail clients' SRV records (RFC 6186), TLSA (DANE, against",
      "the host's served and next key) and blocklists.",
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

  @Mixin DnsOptions dns;
  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DnsSettings settings = dns.settings();
    Mailpush mailpush = Commands.mailpush(spec);
    List<HostConfig> chosen = hosts.of(mailpush.load(inventory));
    List<Check> checks = mailpush.dnsReport(chosen, settings);
    CheckViews.dnsReport(spec.commandLine().getOut(), checks, chosen, output.json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
