package dev.mailpush.cli;

import dev.mailpush.api.DkimRotateSettings;
import dev.mailpush.api.Mailpush;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.report.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush dkim rotate INVENTORY}: each domain's DKIM key rotation, one safe step on. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Rotate the DKIM key of every domain on each host, as far as is safe now; run it again to go on.",
      "",
      "1. A new key is made on the host under a new selector (mpYYYYMMDD, with the host's name when",
      "   several hosts serve the domain); the current key keeps signing.",
      "",
      "2. Its TXT record is published: with [dns] through the name server (as dns apply does), else",
      "   printed for you to publish, and the run stops there.",
      "",
      "3. Only when the [dns] server, each --resolver (or, without either, the system's resolver)",
      "   answers with the new key does signing switch to it (the host's",
      "   /etc/opendkim/keys/DOMAIN/state; OpenDKIM's tables are checked with opendkim -n, then it",
      "   restarts). A later deploy keeps signing with it.",
      "",
      "4. The previous key stays published for the grace period (--grace, 7 days), for mail it signed",
      "   that is still queued or checked late; a run after that removes its record (only one",
      "   mailpush wrote) and its private key. The next run starts a new rotation.",
      "",
      "dns apply publishes the records of all keys the host keeps: the signing one, the new one and the",
      "previous one in its grace period. Each line says what was done or what the next run waits for.",
      "Exit status: 0 when nothing FAILs (waiting is not), 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush dkim rotate inventory.toml --check   # each domain's next step",
      "  mailpush dkim rotate inventory.toml           # new key, published, switched",
      "  mailpush dkim rotate inventory.toml --limit mx1 --domain example.com",
      "  mailpush dkim rotate inventory.toml --resolver 192.0.2.53"
    })
final class DkimRotateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(names = "--check", description = "Show each domain's next step, change nothing.")
  boolean check;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description = "Only this virtual domain (default: every domain of each host).")
  String domain;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      description =
          "How long the previous key stays published after the switch: a number and s, m, h or d"
              + " (default: 7d).")
  String grace = "7d";

  @Option(
      names = "--resolver",
      paramLabel = "HOST[:PORT]",
      split = ",",
      description =
          "A name server that must also answer with the new key before signing switches (a"
              + " secondary, a resolver); may be repeated.")
  List<String> resolvers = List.of();

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DkimRotateSettings settings =
        new DkimRotateSettings(
            check, Optional.ofNullable(domain), DkimRotateSettings.parseDuration(grace), resolvers);
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    List<HostConfig> chosen = hosts.of(inv);
    List<Check> checks = mailpush.dkimRotate(inv, chosen, settings);
    // A table per domain (each host's line in it), then the hosts' own problems.
    CheckViews.dnsReport(spec.commandLine().getOut(), checks, chosen, output.json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
