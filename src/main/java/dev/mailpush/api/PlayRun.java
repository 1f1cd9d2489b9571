package dev.mailpush.api;

import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.Runner;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.ssh.SshConnector;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Plays bound to their hosts, run over one SSH client for the whole run. */
final class PlayRun {
  private final RunContext context;

  PlayRun(RunContext context) {
    this.context = context;
  }

  RunResult run(
      List<Runner.Assignment> assignments,
      List<HostConfig> hosts,
      RunOptions options,
      EventSink listener) {
    Map<String, HostConfig> byName =
        hosts.stream().collect(Collectors.toMap(HostConfig::name, Function.identity()));
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
      Runner runner =
          new Runner(
              t -> {
                HostConfig h = byName.get(t.name());
                return ssh.open(h.name(), h.address(), h.ssh());
              },
              listener,
              context.clock());
      return new RunResult(runner.run(assignments, options));
    }
  }
}
