package dev.mailpush.cli;

import dev.mailpush.engine.RunOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush certs INVENTORY}: the mail server playbook's ACME part only, for cron or CI. */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Issue or renew each host's ACME certificate when due (tls.mode = \"acme\"); reload only then.",
      "Due: under renew_days (default 30) days left, self-signed, or not naming the hostname."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush certs inventory.toml",
      "  mailpush certs inventory.toml --limit mx1 --force",
      "  mailpush certs inventory.toml --json"
    })
final class CertsCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "INVENTORY",
      description = "Inventory file (TOML), see inventory.example.toml.")
  Path inventory;

  @Option(
      names = "--force",
      description = "Re-issue even certificates that are still valid (mind the CA's rate limits).")
  boolean force;

  @Option(
      names = "--check",
      description = "Show which certificates would be issued or renewed; order nothing.")
  boolean check;

  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Commands.converge(
        spec,
        inventory,
        hosts,
        "certs",
        n -> new RunOptions(check, false, forks.forHosts(n), null, 100),
        output,
        (mailpush, loaded, chosen, options, listener) ->
            mailpush.certs(loaded, chosen, force, options, listener));
  }
}
