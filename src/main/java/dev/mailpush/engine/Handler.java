package dev.mailpush.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A restart or reload that runs once, at the end of a host's play, when a task that notifies it
 * changed. The name is free text, shown in reports; its mark on the host is named by {@link
 * PendingMark}, never by the name. {@code unit} is the systemd unit a service handler restarts or
 * reloads: when the run itself starts that unit from stopped, the unit already reads the new
 * configuration and the handler is moot ({@link HandlerLedger#startedFresh}).
 */
public record Handler(String name, List<String> argv, Optional<String> unit) {
  public Handler {
    Objects.requireNonNull(name, "name");
    argv = List.copyOf(argv);
    Objects.requireNonNull(unit, "unit");
  }

  /** A handler that runs a command (no unit). */
  public Handler(String name, List<String> argv) {
    this(name, argv, Optional.empty());
  }
}
