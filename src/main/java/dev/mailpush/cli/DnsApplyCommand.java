package dev.mailpush.cli;

import dev.mailpush.api.DnsApplyResult;
import dev.mailpush.api.Mailpush;
import dev.mailpush.dns.ZoneChange;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush dns apply INVENTORY}: what dns-report checks, published through [dns]. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Publish the records dns-report checks on your name server, with the TSIG key of [dns].",
      "MX, SPF, DKIM (the key read from each host over SSH), DMARC, TLS-RPT, the mail clients' SRV",
      "records (RFC 6186), the hosts' A/AAAA and, in DNSSEC-signed zones, their TLSA (DANE: the served",
      "and the next key) go by RFC 2136 dynamic updates: one per zone, applied only if the zone still",
      "holds what was read.",
      "Only records mailpush wrote (noted in _mailpush.NAME TXT records) or missing ones change: a",
      "wrong record of yours is reported and left alone unless --force; a foreign SPF record gets",
      "mx added; your DMARC and TLS-RPT policies stay. A second run sends nothing.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush dns apply inventory.toml --check   # the exact update, not sent",
      "  mailpush dns apply inventory.toml"
    })
final class DnsApplyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(names = "--check", description = "Show the updates, send nothing.")
  boolean check;

  @Option(
      names = "--force",
      description = "Replace wrong records mailpush did not write (MX, addresses, DKIM, SPF).")
  boolean force;

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    List<HostConfig> selected = hosts.of(inv);
    DnsApplyResult result = mailpush.dnsApply(inv, selected, check, force);
    PrintWriter out = spec.commandLine().getOut();
    // The updates first, then the checks per domain and host and the summary (the last line).
    for (ZoneChange c : result.changes()) {
      if (output.json) {
        out.println(
            JsonLine.of(
                g -> {
                  g.writeStringField("type", "dns-update");
                  g.writeStringField("zone", c.zone());
                  g.writeBooleanField("sent", result.sent());
                  g.writeArrayFieldStart("lines");
                  for (String line : c.lines(result.ttl())) {
                    g.writeString(line);
                  }
                  g.writeEndArray();
                }));
      } else {
        out.printf(
            "update of zone %s (%s):%n", c.zone(), result.sent() ? "sent" : "not sent: --check");
        c.lines(result.ttl()).forEach(l -> out.println("  " + l));
        out.println();
      }
    }
    if (!output.json && result.changes().isEmpty()) {
      out.printf("every zone is up to date: no update %s%n%n", result.sent() ? "sent" : "needed");
    }
    CheckViews.dnsReport(out, result.checks(), selected, output.json);
    return CheckReport.anyFail(result.checks()) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
