package dev.mailpush.playbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a playbook and its templates are read from: a directory on disk (the user's own playbooks)
 * or the playbooks shipped inside the mailpush jar ({@code deploy} uses {@code mailserver.toml}
 * from there).
 */
public sealed interface PlaybookSource {

  /** Display name for messages, e.g. {@code playbooks/site.toml}. */
  String describe(String relative);

  Optional<String> read(String relative);

  record Directory(Path dir) implements PlaybookSource {
    @Override
    public String describe(String relative) {
      return dir.resolve(relative).toString();
    }

    @Override
    public Optional<String> read(String relative) {
      Path p = dir.resolve(relative).normalize();
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Playbooks bundled as resources under {@code /playbooks/}. */
  record Bundled() implements PlaybookSource {
    @Override
    public String describe(String relative) {
      return "(built-in) playbooks/" + relative;
    }

    @Override
    public Optional<String> read(String relative) {
      try (InputStream in = PlaybookSource.class.getResourceAsStream("/playbooks/" + relative)) {
        return in == null
            ? Optional.empty()
            : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
