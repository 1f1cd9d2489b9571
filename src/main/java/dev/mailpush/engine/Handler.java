package dev.mailpush.engine;

import java.util.List;
import java.util.Objects;

/**
 * A restart or reload that runs once, at the end of a host's play, when a task that notifies it
 * changed. The name is free text, shown in reports; its mark on the host is named by {@link
 * PendingMark}, never by the name.
 */
public record Handler(String name, List<String> argv) {
  public Handler {
    Objects.requireNonNull(name, "name");
    argv = List.copyOf(argv);
  }
}
