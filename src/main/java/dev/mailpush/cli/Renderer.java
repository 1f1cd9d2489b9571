package dev.mailpush.cli;

import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunOptions;
import java.util.List;

/** Turns engine events into output: a human report or JSON lines. */
interface Renderer extends EventSink {
  void begin(String play, int hosts, RunOptions options);

  void recap(List<HostSummary> summaries);
}
