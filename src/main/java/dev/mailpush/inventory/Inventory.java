package dev.mailpush.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated inventory: every host with its settings fully resolved (defaults and overrides
 * applied), and the {@code [dns]} server that takes updates for the mail domains, when given.
 */
public record Inventory(Path source, List<HostConfig> hosts, Optional<DnsConfig> dns) {
  public Inventory {
    Objects.requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(dns, "dns");
  }

  public Inventory(Path source, List<HostConfig> hosts) {
    this(source, hosts, Optional.empty());
  }
}
