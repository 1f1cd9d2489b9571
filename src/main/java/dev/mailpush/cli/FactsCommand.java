package dev.mailpush.cli;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.PackageState;
import dev.mailpush.facts.Probe;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush facts INVENTORY}: what each host is, in one probe per host. */
@Command(name = "facts", mixinStandardHelpOptions = true,
    description = "Show what each host is: distribution and the mail stack's packages and services.",
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush facts inventory.toml", "  mailpush facts inventory.toml --json --limit mx1"})
final class FactsCommand implements Callable<Integer> {
  private static final List<String> STACK = List.of("postfix", "dovecot-imapd", "dovecot-lmtpd", "dovecot-sieve",
      "spamassassin", "spamass-milter", "opendkim", "postgrey", "fail2ban", "openssh-server");
  private static final List<String> SERVICES = List.of("postfix", "dovecot", "spamd", "opendkim", "postgrey",
      "fail2ban");

  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(names = "--limit", split = ",", paramLabel = "HOST", description = "Only these inventory hosts.")
  List<String> limit = List.of();

  @Option(names = "--json", description = "One JSON object per host, then a recap line.")
  boolean json;

  @Spec CommandSpec spec;

  /** What was learned about one host, or why nothing could be. */
  private record Result(HostConfig host, HostFacts facts, String error) {}

  @Override
  public Integer call() throws Exception {
    Inventory inv = new InventoryLoader().load(inventory);
    List<HostConfig> hosts = PlayCommandSupport.select(inv, limit);
    FactQuery query = FactQuery.packages(Set.copyOf(STACK)).plus(FactQuery.services(Set.copyOf(SERVICES)));
    List<Result> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(50, Math.max(1, hosts.size())));
    try (SshConnector ssh = new SshConnector(new PromptingCredentials(spec.commandLine().getErr()))) {
      List<Future<Result>> futures = new ArrayList<>();
      for (HostConfig h : hosts) {
        futures.add(pool.submit(() -> {
          try (HostSession s = ssh.open(h.name(), h.address(), h.ssh())) {
            return new Result(h, Probe.gather(s, query), "");
          } catch (MailpushException e) {
            return new Result(h, null, e.getMessage());
          }
        }));
      }
      for (Future<Result> f : futures) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Result r : results) {
      if (json) {
        out.println(json(r));
      } else {
        human(out, r);
      }
    }
    if (json) {
      out.println(recap(results));
    }
    return results.stream().anyMatch(r -> r.facts == null) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  private static void human(PrintWriter out, Result r) {
    if (r.facts == null) {
      out.println(r.host.name() + ": UNREACHABLE " + r.error);
      return;
    }
    out.println(r.host.name() + " (" + r.host.address() + "): " + r.facts.os().prettyName() + supported(r.facts));
    out.println("  packages: " + packages(r.facts));
    out.println("  services: " + String.join(", ", SERVICES.stream()
        .map(s -> s + "=" + (r.facts.service(s).exists() ? r.facts.service(s).active() : "absent")).toList()));
  }

  private static String supported(HostFacts facts) {
    try {
      Distro.detect(facts.os());
      return "";
    } catch (MailpushException e) {
      return " (unsupported)";
    }
  }

  private static Map<String, String> packages(HostFacts facts) {
    Map<String, String> m = new TreeMap<>();
    for (String p : STACK) {
      m.put(p, facts.pkg(p) instanceof PackageState.Installed i ? i.version() : "absent");
    }
    return m;
  }

  private static String json(Result r) {
    return line(g -> {
      g.writeStringField("type", "facts");
      g.writeStringField("host", r.host.name());
      if (r.facts == null) {
        g.writeBooleanField("unreachable", true);
        g.writeStringField("error", r.error);
        return;
      }
      g.writeStringField("os_id", r.facts.os().id());
      g.writeStringField("os_version", r.facts.os().versionId());
      g.writeStringField("os_name", r.facts.os().prettyName());
      g.writeObjectFieldStart("packages");
      for (Map.Entry<String, String> e : packages(r.facts).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("services");
      for (String s : SERVICES) {
        g.writeStringField(s, r.facts.service(s).exists() ? r.facts.service(s).active() : "absent");
      }
      g.writeEndObject();
    });
  }

  private static String recap(List<Result> results) {
    return line(g -> {
      g.writeStringField("type", "recap");
      g.writeObjectFieldStart("hosts");
      for (Result r : results) {
        g.writeObjectFieldStart(r.host.name());
        g.writeNumberField("ok", r.facts == null ? 0 : 1);
        g.writeNumberField("changed", 0);
        g.writeNumberField("failed", 0);
        g.writeBooleanField("unreachable", r.facts == null);
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }

  private static String line(JsonLine.Fields body) {
    return JsonLine.of(body);
  }
}
