package dev.mailpush.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A validated inventory: every host with its settings fully resolved (defaults and overrides
 * applied).
 */
public record Inventory(Path source, List<HostConfig> hosts) {
  public Inventory {
    Objects.requireNonNull(source, "source");
    hosts = List.copyOf(hosts);
  }
}
