package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.UsageException;
import dev.mailpush.api.VerifyResult;
import dev.mailpush.api.VerifySettings;
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

/**
 * {@code mailpush verify INVENTORY}: the mail server as clients and other servers see it, over the
 * network.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check each host from outside over the network: ports, TLS, certificate, AUTH policy, relaying.",
      "Probes ports 25, 465, 587, 143, 993 (and 4190 with managesieve): SMTP banner, STARTTLS, TLS 1.2+",
      "only, certificate name/chain/expiry, no AUTH or login before TLS, no relaying without AUTH, no open",
      "relay, the message size limit. Then prints the settings a mail client needs.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush verify inventory.toml",
      "  mailpush verify inventory.toml --ca-file private-ca.pem --json",
      "  mailpush verify inventory.toml --connect 127.0.0.1 --port-map 25=2525,993=9993"
    })
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust the CA certificate(s) of this PEM file (private or test CA).")
  Path caFile;

  @Option(
      names = "--port-map",
      split = ",",
      paramLabel = "[HOST:]PORT=PORT",
      description =
          "Reach a service port elsewhere, e.g. 25=32801 (all hosts) or mx1:993=32802 (one host).")
  List<String> portMap = List.of();

  @Option(
      names = "--connect",
      paramLabel = "ADDRESS",
      description = "Connect here instead of each host's inventory address.")
  String connect;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Connect and read timeout per probe (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    VerifySettings settings = VerifySettings.parse(caFile, portMap, connect, timeoutSeconds);
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    for (String name : settings.ports().perHost().keySet()) {
      if (inv.hosts().stream().noneMatch(h -> h.name().equals(name))) {
        throw new UsageException(
            "--port-map names unknown host " + name,
            "known hosts: " + inv.hosts().stream().map(HostConfig::name).toList());
      }
    }
    VerifyResult result = mailpush.verify(hosts.of(inv), settings);
    PrintWriter out = spec.commandLine().getOut();
    for (VerifyResult.Host h : result.hosts()) {
      if (output.json) {
        CheckReport.json(out, h.checks(), false);
        out.println(ClientSettingsView.json(h.clientSettings()));
      } else {
        CheckReport.table(
            out,
            "host "
                + h.target().host()
                + " ("
                + h.target().hostname()
                + ", probed at "
                + h.target().address()
                + ")",
            h.checks(),
            false);
        ClientSettingsView.human(out, h.clientSettings());
      }
    }
    CheckReport.summary(out, result.checks(), output.json);
    return result.failed() ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
