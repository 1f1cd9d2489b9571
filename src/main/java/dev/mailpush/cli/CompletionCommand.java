package dev.mailpush.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailpush completion [bash|zsh]}: picocli's bash completion script, or for zsh a {@code
 * #compdef} function file that runs the same script through zsh's bashcompinit. The build writes
 * both into the .deb and the tar.gz ({@code CompletionScript}).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script for bash, or the completion function for zsh.",
      "The .deb installs both; these are for the tar.gz or a checkout."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # bash:",
      "  mailpush completion > ~/.local/share/bash-completion/completions/mailpush",
      "  # zsh, from a directory of your own on fpath:",
      "  mkdir -p ~/.zfunc && mailpush completion zsh > ~/.zfunc/_mailpush",
      "  # then in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath)"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(
      arity = "0..1",
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash (the default) or zsh.")
  Shell shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine()
        .getOut()
        .print(
            switch (shell) {
              case bash -> bash(root);
              case zsh -> zsh(root);
            });
    return ExitCode.OK;
  }

  static String bash(CommandLine root) {
    return AutoComplete.bash("mailpush", root);
  }

  /**
   * The zsh function file {@code _mailpush}. compinit reads its {@code #compdef} line and autoloads
   * it on the first TAB after {@code mailpush}: zsh then runs the file as the body of {@code
   * _mailpush}, which defines the bash script's functions (its zsh branch loads bashcompinit),
   * redefines {@code _mailpush} as the call into them, and completes. Later TABs run only the new
   * {@code _mailpush}. Nothing goes into ~/.zshrc when the file is in a directory on fpath.
   */
  static String zsh(CommandLine root) {
    return """
        #compdef mailpush
        #
        # zsh completion for mailpush: the bash completion script below (the one
        # `mailpush completion` prints), run by zsh's bashcompinit. compinit loads this
        # file from fpath on the first TAB after `mailpush`; later TABs call the
        # _mailpush defined at its end.

        """
        + bash(root)
        + """

        # The script registered its function for mailpush (and two other names) in
        # bashcompinit's way; mailpush keeps this file's function, and the compopt alias
        # the script defined for its own use does not stay in the user's shell.
        [[ ${aliases[compopt]-} == complete ]] && unalias compopt
        compdef -d mailpush.sh mailpush.bash
        _mailpush() {
          _bash_complete -F _complete_mailpush -o default
        }
        compdef _mailpush mailpush
        _mailpush "$@"
        """;
  }
}
