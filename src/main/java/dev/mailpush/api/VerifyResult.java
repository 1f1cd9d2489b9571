package dev.mailpush.api;

import dev.mailpush.report.Check;
import dev.mailpush.verify.ClientSettings;
import dev.mailpush.verify.Target;
import java.util.List;

/** What {@code verify} found, host by host, with the settings a mail client of each host needs. */
public record VerifyResult(List<Host> hosts) {
  public VerifyResult {
    hosts = List.copyOf(hosts);
  }

  /** One host: where it was probed, every check, and the mail client settings. */
  public record Host(Target target, List<Check> checks, ClientSettings clientSettings) {
    public Host {
      checks = List.copyOf(checks);
    }
  }

  public List<Check> checks() {
    return hosts.stream().flatMap(h -> h.checks().stream()).toList();
  }

  /** Whether any check failed (warnings do not count). */
  public boolean failed() {
    return checks().stream().anyMatch(Check::failed);
  }
}
