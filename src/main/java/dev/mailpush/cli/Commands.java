package dev.mailpush.cli;

import dev.mailpush.api.Mailpush;
import dev.mailpush.api.RunContext;
import dev.mailpush.api.RunResult;
import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What every command shares: the facade over this process's environment, and the converging runs' frame. */
final class Commands {
  private Commands() {}

  /** A run of this process: its environment and clock, secrets from the environment or the console. */
  static Mailpush mailpush(CommandSpec spec) {
    return new Mailpush(RunContext.system(new PromptingCredentials(spec.commandLine().getErr(), System.getenv())));
  }

  /** One converging call of the API between the renderer's title and its recap; the exit status. */
  interface Converging {
    RunResult run(EventSink listener);
  }

  static int converge(CommandSpec spec, String title, List<HostConfig> hosts, RunOptions options, boolean json,
      Converging call) {
    Renderer renderer = json ? new JsonRenderer(spec.commandLine().getOut())
        : new HumanRenderer(spec.commandLine().getOut(), spec.commandLine().getErr(), Terminal.detect());
    renderer.begin(title, hosts.size(), options);
    RunResult result = call.run(renderer);
    renderer.recap(result.hosts());
    return result.ok() ? ExitCode.OK : ExitCode.HOSTS_FAILED;
  }
}
