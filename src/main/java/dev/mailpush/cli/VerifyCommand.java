package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.VerifyResult;
import dev.mailpush.api.VerifySettings;
import dev.mailpush.inventory.Inventory;
import java.nio.file.Path;
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
      "relay, the message size limit. With mta_sts or autoconfig in [mail]: the MTA-STS policy and the",
      "autoconfig file fetched over HTTPS (certificate checked) and compared with the inventory; with",
      "--resolver, the mail clients' SRV records. Then prints the settings a mail client needs.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush verify inventory.toml",
      "  mailpush verify inventory.toml --ca-file private-ca.pem --json",
      "  mailpush verify inventory.toml --connect 127.0.0.1 --port-map 25=2525,993=9993",
      "  mailpush verify inventory.toml --resolver 127.0.0.1:5353"
    })
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Mixin VerifyOptions verify;

  // Here, not in VerifyOptions: status --full has dns-report's --resolver beside verify's options.
  @Option(
      names = "--resolver",
      paramLabel = "HOST[:PORT]",
      description =
          "Also check the mail clients' SRV records (RFC 6186) through this DNS server"
              + " (dns-report always checks them).")
  String resolver;

  @Mixin HostSelection hosts;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    VerifySettings settings = verify.settings(inv);
    VerifyResult result =
        mailpush.verify(
            hosts.of(inv), resolver == null ? settings : settings.withResolver(resolver));
    CheckViews.verify(spec.commandLine().getOut(), result, output.json);
    return result.failed() ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }
}
