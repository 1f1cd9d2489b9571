package dev.mailpush.cli;

import dev.mailpush.api.VerifyResult;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How verify and dns-report print their checks: a table per host or domain, or JSON lines; then the
 * summary.
 */
final class CheckViews {
  private CheckViews() {}

  /** Each host's checks and the mail client settings it needs. */
  static void verify(PrintWriter out, VerifyResult result, boolean json) {
    for (VerifyResult.Host h : result.hosts()) {
      if (json) {
        CheckReport.json(out, h.checks(), false);
        out.println(ClientSettingsView.json(h.clientSettings()));
      } else {
        String where = h.target().hostname() + ", probed at " + h.target().address();
        CheckReport.table(out, "host " + h.target().host() + " (" + where + ")", h.checks(), false);
        ClientSettingsView.human(out, h.clientSettings());
      }
    }
    CheckReport.summary(out, result.checks(), json);
  }

  /** A table per domain, then one per host for the checks of hosts alone (PTR, blocklists). */
  static void dnsReport(PrintWriter out, List<Check> checks, List<HostConfig> hosts, boolean json) {
    if (json) {
      CheckReport.json(out, checks, true);
    } else {
      Set<String> domains = new LinkedHashSet<>();
      checks.stream().filter(c -> c.domain() != null).forEach(c -> domains.add(c.domain()));
      for (String d : domains) {
        CheckReport.table(
            out, "domain " + d, checks.stream().filter(c -> d.equals(c.domain())).toList(), true);
      }
      for (HostConfig h : hosts) {
        List<Check> own =
            checks.stream().filter(c -> c.domain() == null && h.name().equals(c.host())).toList();
        CheckReport.table(
            out, "host " + h.name() + " (" + h.hostname() + ", " + h.address() + ")", own, false);
      }
    }
    CheckReport.summary(out, checks, json);
  }

  /**
   * A table per host of checks about hosts alone (backup, restore, status), then the summary;
   * returns the exit status: 4 when a check FAILs.
   */
  static int hosts(PrintWriter out, List<Check> checks, List<HostConfig> hosts, boolean json) {
    if (json) {
      CheckReport.json(out, checks, false);
    } else {
      hostTables(out, checks, hosts);
    }
    CheckReport.summary(out, checks, json);
    return CheckReport.anyFail(checks) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  /**
   * {@code status --full}: the status tables, then what verify and dns-report found wrong (their
   * passing checks only counted), then one summary of all; returns the exit status.
   */
  static int full(
      PrintWriter out,
      List<Check> status,
      List<Check> verify,
      List<Check> dns,
      List<HostConfig> hosts,
      boolean json) {
    List<Check> all = new ArrayList<>(status);
    all.addAll(verify);
    all.addAll(dns);
    if (json) {
      CheckReport.json(out, all, true);
    } else {
      hostTables(out, status, hosts);
      section(out, "verify", verify);
      section(out, "dns-report", dns);
    }
    CheckReport.summary(out, all, json);
    return CheckReport.anyFail(all) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  private static void hostTables(PrintWriter out, List<Check> checks, List<HostConfig> hosts) {
    for (HostConfig h : hosts) {
      List<Check> own = checks.stream().filter(c -> h.name().equals(c.host())).toList();
      CheckReport.table(out, "host " + h.name() + " (" + h.hostname() + ")", own, false);
    }
  }

  private static void section(PrintWriter out, String name, List<Check> checks) {
    Map<String, Integer> counts = CheckReport.counts(checks);
    out.println(
        name
            + ": "
            + counts.get("ok")
            + " ok, "
            + counts.get("warn")
            + " warn, "
            + counts.get("fail")
            + " fail");
    List<Check> problems =
        checks.stream().filter(c -> c.status() == Status.WARN || c.failed()).toList();
    CheckReport.table(out, "  what " + name + " found wrong", problems, true);
    if (problems.isEmpty()) {
      out.println();
    }
  }
}
