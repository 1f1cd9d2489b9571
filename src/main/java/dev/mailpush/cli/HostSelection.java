package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --limit}: the inventory hosts a command works on (all by default). */
final class HostSelection {
  @Option(
      names = "--limit",
      split = ",",
      paramLabel = "HOST",
      description = "Only these inventory hosts, e.g. --limit mx1,mx2.")
  List<String> limit = List.of();

  List<HostConfig> of(Inventory inventory) {
    return Mailpush.select(inventory, limit);
  }
}
