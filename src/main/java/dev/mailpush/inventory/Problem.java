package dev.mailpush.inventory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with an inventory file: where, what, and how to fix it.
 *
 * @param line 1-based; 0 when the problem concerns the whole file (it cannot be read, say)
 * @param column 1-based; 0 together with line 0
 * @param hint what to do about it; empty when the message says it all
 */
public record Problem(Path file, int line, int column, String message, String hint) {
  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  /**
   * {@code inventory.toml:12:1: message}, then the hint on its own indented line when there is one.
   */
  public String render() {
    String where = line > 0 ? file + ":" + line + ":" + column : file.toString();
    String text = where + ": " + message;
    return hint.isEmpty() ? text : text + "\n    hint: " + hint;
  }
}
