package dev.mailpush.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Build step, not a test: writes the bash completion script (the same one {@code mailpush
 * completion} prints) to the file named by its argument, for the .deb and the tar.gz. The pom runs
 * it (exec-maven-plugin) next to {@link ManPageSources}.
 */
public final class CompletionScript {
  private CompletionScript() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, AutoComplete.bash("mailpush", Main.commandLine()), StandardCharsets.UTF_8);
  }
}
