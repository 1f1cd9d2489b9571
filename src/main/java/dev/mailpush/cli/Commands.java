package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.RunContext;
import dev.mailpush.api.RunResult;
import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command shares: the facade over this process's environment, and the converging runs'
 * frame.
 */
final class Commands {
  private Commands() {}

  /**
   * A run of this process: its environment and clock, secrets from the environment or the console.
   */
  static Mailpush mailpush(CommandSpec spec) {
    return new Mailpush(
        RunContext.system(new PromptingCredentials(spec.commandLine().getErr(), System.getenv())));
  }

  /**
   * One converging call of the API: deploy, run or certs (the inventory for its {@code [dns]},
   * where a certificate order looks up TLSA records).
   */
  interface Converging {
    RunResult run(
        Mailpush mailpush,
        Inventory inventory,
        List<HostConfig> hosts,
        RunOptions options,
        EventSink listener);
  }

  /**
   * The frame of a converging command: the inventory loaded and the hosts chosen (all before any
   * connection), the options for that many hosts, the renderer's title, the call, the recap;
   * returns the exit status.
   */
  static int converge(
      CommandSpec spec,
      Path inventory,
      HostSelection selection,
      String title,
      IntFunction<RunOptions> optionsForHosts,
      OutputFormat output,
      Converging call) {
    Mailpush mailpush = mailpush(spec);
    Inventory loaded = mailpush.load(inventory);
    List<HostConfig> hosts = selection.of(loaded);
    RunOptions options = optionsForHosts.apply(hosts.size());
    Renderer renderer =
        output.json
            ? new JsonRenderer(spec.commandLine().getOut())
            : new HumanRenderer(
                spec.commandLine().getOut(), spec.commandLine().getErr(), Terminal.detect());
    renderer.begin(title, hosts.size(), options);
    RunResult result = call.run(mailpush, loaded, hosts, options, renderer);
    renderer.recap(result.hosts());
    return result.ok() ? ExitCode.OK : ExitCode.HOSTS_FAILED;
  }
}
