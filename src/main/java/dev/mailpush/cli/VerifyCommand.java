package dev.mailpush.cli;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.verify.ClientSettings;
import dev.mailpush.verify.PortMap;
import dev.mailpush.verify.Target;
import dev.mailpush.verify.Trust;
import dev.mailpush.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush verify INVENTORY}: the mail server as clients and other servers see it, over the network. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check each host from outside over the network: ports, TLS, certificate, AUTH policy, relaying.",
        "Probes ports 25, 465, 587, 143, 993 (and 4190 with managesieve): SMTP banner, STARTTLS, TLS 1.2+",
        "only, certificate name/chain/expiry, no AUTH or login before TLS, no relaying without AUTH, no open",
        "relay. Then prints the settings a mail client needs.",
        "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."},
    footerHeading = "%nExamples:%n",
    footer = {"  mailpush verify inventory.toml",
        "  mailpush verify inventory.toml --ca-file private-ca.pem --json",
        "  mailpush verify inventory.toml --connect 127.0.0.1 --port-map 25=2525,993=9993"})
final class VerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "Also trust the CA certificate(s) of this PEM file (private or test CA).")
  Path caFile;

  @Option(names = "--port-map", split = ",", paramLabel = "[HOST:]PORT=PORT",
      description = "Reach a service port elsewhere, e.g. 25=32801 (all hosts) or mx1:993=32802 (one host).")
  List<String> portMap = List.of();

  @Option(names = "--connect", paramLabel = "ADDRESS",
      description = "Connect here instead of each host's inventory address.")
  String connect;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Connect and read timeout per probe (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--limit", split = ",", paramLabel = "HOST", description = "Only these inventory hosts.")
  List<String> limit = List.of();

  @Option(names = "--json", description = "One JSON object per check, client settings per host, then a summary line.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PortMap ports;
    try {
      ports = PortMap.parse(portMap);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--port-map: " + e.getMessage(), "e.g. --port-map 25=32801,993=32802 or mx1:25=32801");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new UsageError("--timeout " + timeoutSeconds + ": must be 1 to 600 seconds", "e.g. --timeout 10");
    }
    Trust trust;
    if (caFile == null) {
      trust = Trust.system();
    } else {
      if (!Files.isReadable(caFile)) {
        throw new UsageError("--ca-file " + caFile + ": not a readable file", "give a PEM file of CA certificates");
      }
      try {
        trust = Trust.systemPlus(caFile);
      } catch (IOException e) {
        throw new UsageError("--ca-file: " + e.getMessage(), "give a PEM file of CA certificates");
      }
    }
    Inventory inv = new InventoryLoader().load(inventory);
    List<HostConfig> hosts = PlayCommandSupport.select(inv, limit);
    for (String key : ports.perHost().keySet()) {
      if (hosts.stream().noneMatch(h -> h.name().equals(key)) && inv.hosts().stream().noneMatch(h -> h.name().equals(key))) {
        throw new UsageError("--port-map names unknown host " + key,
            "known hosts: " + inv.hosts().stream().map(HostConfig::name).toList());
      }
    }
    List<Target> targets = hosts.stream().map(h -> target(h, ports)).toList();
    Verifier verifier = new Verifier(trust, Duration.ofSeconds(timeoutSeconds), Clock.systemUTC());
    List<List<Check>> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(20, Math.max(1, targets.size())));
    try {
      List<Future<List<Check>>> futures = new ArrayList<>();
      for (Target t : targets) {
        futures.add(pool.submit(() -> verifier.verify(t)));
      }
      for (Future<List<Check>> f : futures) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Check> all = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      List<Check> rows = results.get(i);
      all.addAll(rows);
      ClientSettings settings = ClientSettings.of(t);
      if (json) {
        CheckReport.json(out, rows, false);
        out.println(settingsJson(settings));
      } else {
        CheckReport.table(out, "host " + t.host() + " (" + t.hostname() + ", probed at " + t.address() + ")", rows,
            false);
        human(out, settings);
      }
    }
    if (json) {
      CheckReport.summaryJson(out, all);
    } else {
      CheckReport.summaryHuman(out, all);
    }
    return CheckReport.anyFail(all) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  private Target target(HostConfig h, PortMap ports) {
    return new Target(h.name(), h.hostname(), connect != null ? connect : h.address(), ports,
        h.mail().enableManagesieve(), h.mail().virtualDomains(), h.mail().mailUsers(),
        (long) h.mail().maxMessageMb() * 1024 * 1024);
  }

  private static void human(PrintWriter out, ClientSettings s) {
    out.println("mail client settings for " + s.host() + ":");
    for (ClientSettings.Service svc : s.services()) {
      out.printf("  %-9s %-11s server %s  port %-4d %-8s%s%n", svc.kind(), svc.protocol(), s.server(), svc.port(),
          svc.security(), svc.preferred() ? "" : "  (alternative)");
    }
    out.println("  username  the local user name, not the e-mail address"
        + (s.usernames().isEmpty() ? "" : ": " + String.join(", ", s.usernames())));
    out.println("  password  that user's password (normal password authentication)");
    out.println();
  }

  private static String settingsJson(ClientSettings s) {
    return JsonLine.of(g -> {
      g.writeStringField("type", "client-settings");
      g.writeStringField("host", s.host());
      g.writeStringField("server", s.server());
      g.writeArrayFieldStart("services");
      for (ClientSettings.Service svc : s.services()) {
        g.writeStartObject();
        g.writeStringField("kind", svc.kind());
        g.writeStringField("protocol", svc.protocol());
        g.writeNumberField("port", svc.port());
        g.writeStringField("security", svc.security());
        g.writeBooleanField("preferred", svc.preferred());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("username_form", "local user name");
      g.writeArrayFieldStart("usernames");
      for (String u : s.usernames()) {
        g.writeString(u);
      }
      g.writeEndArray();
    });
  }

}
