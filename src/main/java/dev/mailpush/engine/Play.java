package dev.mailpush.engine;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What one host must become: ordered tasks and the handlers they may notify. */
public record Play(String name, List<PlayTask> tasks, List<Handler> handlers) {
  public Play {
    tasks = List.copyOf(tasks);
    handlers = List.copyOf(handlers);
    Set<String> known = handlers.stream().map(Handler::name).collect(Collectors.toSet());
    for (PlayTask t : tasks) {
      for (String n : t.notifies()) {
        if (!known.contains(n)) {
          throw new IllegalArgumentException(
              "task \"" + t.task().name() + "\" notifies \"" + n + "\", which no handler defines");
        }
      }
    }
  }
}
