package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.StatusHistory;
import dev.mailpush.api.UsageException;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.report.Check;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailpush status INVENTORY}: how each deployed host is, without logging in to it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show how each deployed host is now, read-only, in one SSH command per host.",
      "Services, listening mail ports, the mail queue (size, oldest message, most frequent delay",
      "reason), disk and inodes where mail lives, days left on the certificate, DKIM keys, current",
      "fail2ban bans, the last backup, pending (security) updates and the Debian release's support.",
      "Each problem comes with its fix. --full adds what verify and dns-report find wrong;",
      "--html writes the same as one self-contained page, with a chart of queue size and disk use",
      "over the past runs (kept in the state directory) and the DNS records to publish.",
      "Exit status: 0 when nothing FAILs, 4 otherwise, 2 for a bad invocation or inventory."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mailpush status inventory.toml",
      "  mailpush status inventory.toml --json --limit mx1",
      "  mailpush status inventory.toml --full --html status.html"
    })
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (TOML).")
  Path inventory;

  @Option(
      names = "--full",
      description =
          "Also run verify (the services as clients see them) and dns-report (the records).")
  boolean full;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the result as a self-contained HTML page to FILE.")
  Path html;

  @Mixin HostSelection hosts;
  @Mixin Forks forks;
  @Mixin OutputFormat output;
  @Mixin VerifyOptions verify;
  @Mixin DnsOptions dns;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path parent = html == null ? null : html.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UsageException(
          "--html " + html + ": no such directory " + parent, "create it, or name another file");
    }
    Mailpush mailpush = Commands.mailpush(spec);
    Inventory inv = mailpush.load(inventory);
    List<HostConfig> chosen = hosts.of(inv);
    List<Check> checks = mailpush.status(chosen, forks.forHosts(chosen.size()));
    Instant now = mailpush.context().clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Map<String, List<StatusHistory.Sample>> history = record(mailpush, chosen, checks, now);
    PrintWriter out = spec.commandLine().getOut();
    int exit;
    List<Check> dnsChecks = null;
    if (full) {
      List<Check> verified = mailpush.verify(chosen, verify.settings(inv)).checks();
      dnsChecks = mailpush.dnsReport(chosen, dns.settings());
      exit = CheckViews.full(out, checks, verified, dnsChecks, chosen, output.json);
      checks = new ArrayList<>(checks);
      checks.addAll(verified);
    } else {
      exit = CheckViews.hosts(out, checks, chosen, output.json);
    }
    if (html != null) {
      write(html, StatusPage.render(chosen, checks, history, dnsChecks, now));
      if (!output.json) {
        out.println("status page written to " + html);
      }
    }
    return exit;
  }

  /** Each host's queue and disk figures added to its history; the histories by host name. */
  private static Map<String, List<StatusHistory.Sample>> record(
      Mailpush mailpush, List<HostConfig> hosts, List<Check> checks, Instant now) {
    StatusHistory store = mailpush.statusHistory();
    Map<String, List<StatusHistory.Sample>> history = new LinkedHashMap<>();
    for (HostConfig h : hosts) {
      List<Check> own = checks.stream().filter(c -> h.name().equals(c.host())).toList();
      history.put(h.name(), store.append(h.hostname(), StatusHistory.Sample.of(now, own)));
    }
    return history;
  }

  private static void write(Path file, String page) {
    try {
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(
          "cannot write " + file + ": " + e.getMessage(), "give --html a writable file path");
    }
  }
}
