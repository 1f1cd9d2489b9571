package dev.mailpush.engine;

import java.util.List;
import java.util.Objects;

/** A task in a play, with the handlers it notifies when it changed something. */
public record PlayTask(Task task, List<String> notifies) {
  public PlayTask {
    Objects.requireNonNull(task, "task");
    notifies = List.copyOf(notifies);
  }

  public static PlayTask of(Task task) {
    return new PlayTask(task, List.of());
  }
}
