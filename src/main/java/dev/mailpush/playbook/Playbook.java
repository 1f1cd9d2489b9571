package dev.mailpush.playbook;

import java.util.List;

/** A parsed playbook, not yet bound to a host. {@link PlaybookCompiler} binds it. */
public record Playbook(
    String name,
    PlaybookSource source,
    String file,
    List<TaskSpec> tasks,
    List<HandlerSpec> handlers) {
  public Playbook {
    tasks = List.copyOf(tasks);
    handlers = List.copyOf(handlers);
  }
}
