package dev.mailpush.cli;

import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.Runner;
import dev.mailpush.engine.Target;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fixed phases of a converging command: validate inventory and playbook, bind the playbook to every
 * host (all before any connection), then connect, probe, plan, apply and report.
 */
final class PlayCommandSupport {
  private PlayCommandSupport() {}

  static int run(Path inventoryFile, Playbook playbook, PlayOptions o, PrintWriter out, PrintWriter err) {
    Inventory inventory = new InventoryLoader().load(inventoryFile);
    List<HostConfig> hosts = select(inventory, o.limit);
    RunOptions options = options(o, hosts.size());
    List<Runner.Assignment> assignments = new ArrayList<>();
    for (HostConfig h : hosts) {
      Play play = PlaybookCompiler.compile(playbook, h);
      assignments.add(new Runner.Assignment(new Target(h.name()), play));
    }
    return execute(playbook.name(), hosts, assignments, options, o.json, out, err);
  }

  /**
   * Connects, runs and reports plays already bound to their hosts; returns the exit status. {@code hosts} are
   * the inventory's entries for the assignments' targets: where and how to open SSH to each.
   */
  static int execute(String title, List<HostConfig> hosts, List<Runner.Assignment> assignments, RunOptions options,
      boolean json, PrintWriter out, PrintWriter err) {
    Map<String, HostConfig> byName = hosts.stream().collect(Collectors.toMap(HostConfig::name, Function.identity()));
    Renderer renderer = json ? new JsonRenderer(out) : new HumanRenderer(out, err, Terminal.detect());
    renderer.begin(title, assignments.size(), options);
    List<HostSummary> summaries;
    try (SshConnector ssh = new SshConnector(new PromptingCredentials(err))) {
      Runner runner = new Runner(t -> {
        HostConfig h = byName.get(t.name());
        return ssh.open(h.name(), h.address(), h.ssh());
      }, renderer, Clock.systemUTC());
      summaries = runner.run(assignments, options);
    }
    renderer.recap(summaries);
    return summaries.stream().anyMatch(HostSummary::bad) ? ExitCode.HOSTS_FAILED : ExitCode.OK;
  }

  static List<HostConfig> select(Inventory inventory, List<String> limit) {
    if (limit.isEmpty()) {
      return inventory.hosts();
    }
    Set<String> wanted = new LinkedHashSet<>(limit);
    List<HostConfig> chosen = inventory.hosts().stream().filter(h -> wanted.remove(h.name())).toList();
    if (!wanted.isEmpty()) {
      throw new UsageError("--limit names hosts that are not in " + inventory.source() + ": " + wanted,
          "known hosts: " + inventory.hosts().stream().map(HostConfig::name).toList());
    }
    return chosen;
  }

  private static RunOptions options(PlayOptions o, int hosts) {
    try {
      int forks = o.forks == null ? Math.max(1, Math.min(50, hosts)) : o.forks;
      RunOptions.Serial serial = o.serial == null ? null : RunOptions.Serial.parse(o.serial);
      return new RunOptions(o.check, o.diff, forks, serial, o.maxFailPercent);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage(), "see mailpush deploy --help");
    }
  }
}
