package dev.mailpush.cli;

import dev.mailpush.api.UsageException;
import dev.mailpush.api.VerifySettings;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How {@code verify} reaches the hosts: a private CA, other ports or address, the timeout. */
final class VerifyOptions {
  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust the CA certificate(s) of this PEM file (private or test CA).")
  Path caFile;

  @Option(
      names = "--port-map",
      split = ",",
      paramLabel = "[HOST:]PORT=PORT",
      description =
          "Reach a service port elsewhere, e.g. 25=32801 (all hosts) or mx1:993=32802 (one host).")
  List<String> portMap = List.of();

  @Option(
      names = "--connect",
      paramLabel = "ADDRESS",
      description = "Connect here instead of each host's inventory address.")
  String connect;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Connect and read timeout per probe (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /**
   * The settings, every --port-map host checked against the inventory (it may name hosts not
   * selected).
   */
  VerifySettings settings(Inventory inventory) {
    VerifySettings settings = VerifySettings.parse(caFile, portMap, connect, timeoutSeconds);
    for (String name : settings.ports().perHost().keySet()) {
      if (inventory.hosts().stream().noneMatch(h -> h.name().equals(name))) {
        throw new UsageException(
            "--port-map names unknown host " + name,
            "known hosts: " + inventory.hosts().stream().map(HostConfig::name).toList());
      }
    }
    return settings;
  }
}
