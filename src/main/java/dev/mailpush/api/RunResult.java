package dev.mailpush.api;

import dev.mailpush.engine.HostSummary;
import java.util.List;

/** How a converging run ended on each host, in inventory order. */
public record RunResult(List<HostSummary> hosts) {
  public RunResult {
    hosts = List.copyOf(hosts);
  }

  /** No host failed, was unreachable or was left out after a failed batch. */
  public boolean ok() {
    return hosts.stream().noneMatch(HostSummary::bad);
  }

  /** Hosts that failed, were unreachable or were not run. */
  public List<HostSummary> bad() {
    return hosts.stream().filter(HostSummary::bad).toList();
  }

  /** Tasks that changed something (or would, in check mode), over all hosts. */
  public int changed() {
    return hosts.stream().mapToInt(HostSummary::changed).sum();
  }
}
