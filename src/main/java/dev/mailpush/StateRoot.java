package dev.mailpush;

import java.nio.file.Path;
import java.util.Map;

/**
 * The admin machine's mailpush state directory: {@code $MAILPUSH_STATE_DIR}, else {@code
 * $XDG_STATE_HOME/mailpush}, else {@code ~/.local/state/mailpush}. It holds the ACME account keys
 * and the status history, never a secret of a host.
 */
public record StateRoot(Path path) {

  /** The state root from the environment and the home directory (see the class comment). */
  public static StateRoot fromEnvironment(Map<String, String> env, Path home) {
    String explicit = env.get("MAILPUSH_STATE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return new StateRoot(Path.of(explicit));
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return new StateRoot(Path.of(xdg, "mailpush"));
    }
    return new StateRoot(home.resolve(".local").resolve("state").resolve("mailpush"));
  }
}
