package dev.mailpush.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step, not a test: writes the bash completion script and the zsh completion function (what
 * {@code mailpush completion bash} and {@code mailpush completion zsh} print) to the files named by
 * its two arguments, for the .deb and the tar.gz. The pom runs it (exec-maven-plugin) next to
 * {@link ManPageSources}.
 */
public final class CompletionScript {
  private CompletionScript() {}

  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), CompletionCommand.bash(Main.commandLine()));
    write(Path.of(args[1]), CompletionCommand.zsh(Main.commandLine()));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
