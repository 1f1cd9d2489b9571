package dev.mailpush.tasks;

import dev.mailpush.engine.Step;
import dev.mailpush.ssh.ExecRequest;
import java.util.List;

/** Shorthands for root command steps. */
final class Commands {
  private Commands() {}

  static Step.RunCommand root(String description, String... argv) {
    return new Step.RunCommand(description, ExecRequest.root(List.of(argv)));
  }

  static Step.RunCommand root(String description, List<String> argv) {
    return new Step.RunCommand(description, ExecRequest.root(argv));
  }
}
