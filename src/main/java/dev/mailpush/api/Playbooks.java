package dev.mailpush.api;

import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookLoader;
import dev.mailpush.playbook.PlaybookSource;
import java.nio.file.Files;
import java.nio.file.Path;

/** The playbooks a run can use: the built-in ones (in the jar) and files of the user's. */
public final class Playbooks {
  private Playbooks() {}

  /** The mail server playbook {@code deploy} runs. */
  public static Playbook mailserver() {
    return PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml");
  }

  /**
   * A playbook file, or a built-in playbook's name ({@code mailserver}); errors name the file and
   * line.
   */
  public static Playbook load(String fileOrName) {
    Path file = Path.of(fileOrName);
    if (Files.isRegularFile(file)) {
      Path dir = file.toAbsolutePath().getParent();
      return PlaybookLoader.load(new PlaybookSource.Directory(dir), file.getFileName().toString());
    }
    return PlaybookLoader.load(
        new PlaybookSource.Bundled(),
        fileOrName.endsWith(".toml") ? fileOrName : fileOrName + ".toml");
  }
}
