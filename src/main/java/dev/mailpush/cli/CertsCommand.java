package dev.mailpush.cli;

import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.Runner;
import dev.mailpush.engine.Target;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.playbook.PlaybookLoader;
import dev.mailpush.playbook.PlaybookSource;
import dev.mailpush.tls.AcmeCertificateTask;
import dev.mailpush.tls.AcmeOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush certs INVENTORY}: only the ACME certificate part of the mail server playbook (and the
 * reload it notifies), for cron or CI. Orders nothing for a certificate that is still valid long enough.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
    description = {"Issue or renew each host's ACME certificate when it is due (tls.mode = \"acme\");"
        + " reloads Postfix and Dovecot only when a certificate changed.",
        "A certificate is renewed when fewer than renew_days (default 30) days remain, when it is"
        + " self-signed or does not name the host's hostname. Safe to run daily from cron or CI."},
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush certs inventory.toml", "  mailpush certs inventory.toml --limit mx1 --force",
        "  mailpush certs inventory.toml --json"})
final class CertsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML), see inventory.example.toml.")
  Path inventory;

  @Option(names = "--force", description = "Re-issue even certificates that are still valid (mind the CA's rate limits).")
  boolean force;

  @Option(names = "--check", description = "Show which certificates would be issued or renewed; order nothing.")
  boolean check;

  @Option(names = "--limit", split = ",", paramLabel = "HOST", description = "Only these inventory hosts, e.g. --limit mx1,mx2.")
  List<String> limit = List.of();

  @Option(names = "--forks", paramLabel = "N", description = "Hosts worked on at once (default: all hosts, at most 50).")
  Integer forks;

  @Option(names = "--json", description = "One JSON event per line on stdout, ending with the recap line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Inventory inv = new InventoryLoader().load(inventory);
    List<HostConfig> hosts = PlayCommandSupport.select(inv, limit);
    if (forks != null && forks < 1) {
      throw new UsageError("--forks (" + forks + ") must be at least 1", "see mailpush certs --help");
    }
    RunOptions options = new RunOptions(check, false, forks == null ? Math.max(1, Math.min(50, hosts.size())) : forks,
        null, 100);
    Playbook playbook = PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml");
    AcmeOptions acme = AcmeOptions.defaults().withForce(force);
    List<Runner.Assignment> assignments = new ArrayList<>();
    for (HostConfig h : hosts) {
      Play play = certificatePlay(PlaybookCompiler.compile(playbook, h), acme);
      assignments.add(new Runner.Assignment(new Target(h.name()), play));
    }
    return PlayCommandSupport.execute("certs", hosts, assignments, options, json, out, err);
  }

  /** The mail server play reduced to its ACME task(s), with this run's options, and its handlers. */
  static Play certificatePlay(Play full, AcmeOptions acme) {
    List<PlayTask> tasks = new ArrayList<>();
    for (PlayTask pt : full.tasks()) {
      if (pt.task() instanceof AcmeCertificateTask t) {
        tasks.add(new PlayTask(t.withOptions(acme), pt.notifies()));
      }
    }
    return new Play("certs", tasks, full.handlers());
  }
}
