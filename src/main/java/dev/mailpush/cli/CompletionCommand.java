package dev.mailpush.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailpush completion}: the bash completion script (zsh loads it through bashcompinit). */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print the shell completion script for bash and zsh.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  # bash:",
      "  mailpush completion > ~/.local/share/bash-completion/completions/mailpush",
      "  # zsh:",
      "  echo 'autoload -U +X bashcompinit && bashcompinit' >> ~/.zshrc",
      "  echo 'source <(mailpush completion)' >> ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("mailpush", root));
    return ExitCode.OK;
  }
}
