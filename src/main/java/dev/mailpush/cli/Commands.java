package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.RunContext;
import dev.mailpush.api.RunResult;
import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
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

  /** One converging call of the API: deploy, run or certs. */
  interface Converging {
    RunResult run(
        Mailpush mailpush, List<HostConfig> hosts, RunOptions options, EventSink listener);
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
    List<HostConfig> hosts = selection.of(mailpush.load(inventory));
    RunOptions options = optionsForHosts.apply(hosts.size());
    Renderer renderer =
        output.json
            ? new JsonRenderer(spec.commandLine().getOut())
            : new HumanRenderer(
                spec.commandLine().getOut(), spec.commandLine().getErr(), Terminal.detect());
    renderer.begin(title, hosts.size(), options);
    RunResult result = call.run(mailpush, hosts, options, renderer);
    renderer.recap(result.hosts());
    return result.ok() ? ExitCode.OK : ExitCode.HOSTS_FAILED;
  }
}
