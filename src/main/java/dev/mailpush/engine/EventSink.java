package dev.mailpush.engine;

/** Receives events from several host threads at once: implementations must be thread-safe. */
@FunctionalInterface
public interface EventSink {
  void accept(RunEvent event);
}
