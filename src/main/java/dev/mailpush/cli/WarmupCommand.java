package dev.mailpush.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Exercises what a real run loads — inventory, the built-in playbook, the SSH client up to a
 * refused connection, both renderers — without touching any host. {@code bin/mailpush} runs it once
 * per build to record a class-data archive, which makes every later start faster.
 */
@Command(
    name = "warmup",
    hidden = true,
    description = "Load what a run loads, touching no host (for the launcher).")
final class WarmupCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    Warmup.run();
    return ExitCode.OK;
  }
}
