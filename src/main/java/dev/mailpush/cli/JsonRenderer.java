package dev.mailpush.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.TaskOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The scripting contract: one JSON object per line, each with a {@code type}; the last line is
 * always the recap {@code
 * {"type":"recap","hosts":{"mx1":{"ok":12,"changed":0,"failed":0,"unreachable":false}}}}.
 */
final class JsonRenderer implements Renderer {
  private final PrintWriter out;

  JsonRenderer(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void begin(String play, int hosts, RunOptions options) {
    emit(
        g -> {
          g.writeStringField("type", "play");
          g.writeStringField("play", play);
          g.writeNumberField("hosts", hosts);
          g.writeBooleanField("check", options.check());
        });
  }

  @Override
  public void accept(RunEvent event) {
    event.match(this::started, t -> null, this::taskFinished, this::finished, this::stopped);
  }

  private Void started(RunEvent.HostStarted s) {
    emit(
        g -> {
          g.writeStringField("type", "host");
          g.writeStringField("host", s.host());
          g.writeStringField("status", "started");
        });
    return null;
  }

  private Void taskFinished(RunEvent.TaskFinished t) {
    emit(g -> task(g, t));
    return null;
  }

  private Void finished(RunEvent.HostFinished f) {
    HostSummary s = f.summary();
    emit(
        g -> {
          g.writeStringField("type", "host");
          g.writeStringField("host", s.host());
          g.writeStringField(
              "status", s.unreachable() ? "unreachable" : s.bad() ? "failed" : "finished");
          counts(g, s);
          g.writeStringField("error", s.error());
          g.writeNumberField("duration_ms", s.duration().toMillis());
          g.writeNumberField("exec_count", s.execCount());
          g.writeNumberField("bytes_sent", s.bytesSent());
        });
    return null;
  }

  private Void stopped(RunEvent.Stopped s) {
    emit(
        g -> {
          g.writeStringField("type", "stopped");
          g.writeStringField("reason", s.reason());
        });
    return null;
  }

  private static void task(JsonGenerator g, RunEvent.TaskFinished t) throws IOException {
    g.writeStringField("type", "task");
    g.writeStringField("host", t.host());
    g.writeStringField("task", t.task());
    g.writeBooleanField("handler", t.handler());
    g.writeNumberField("duration_ms", t.duration().toMillis());
    TaskOutcome o = t.outcome();
    JsonLine.Fields fields =
        o.match(
            ok ->
                gen -> {
                  gen.writeStringField("status", "ok");
                  gen.writeStringField("reason", ok.reason());
                  if (!ok.report().isEmpty()) {
                    gen.writeStringField("report", ok.report());
                  }
                },
            changed ->
                gen -> {
                  gen.writeStringField("status", "changed");
                  strings(gen, "actions", changed.actions());
                  strings(gen, "diff", changed.diffs());
                },
            failed ->
                gen -> {
                  gen.writeStringField("status", "failed");
                  gen.writeStringField("message", failed.message());
                  gen.writeStringField("hint", failed.hint());
                },
            skipped ->
                gen -> {
                  gen.writeStringField("status", "skipped");
                  gen.writeStringField("reason", skipped.reason());
                });
    fields.write(g);
  }

  @Override
  public void recap(List<HostSummary> summaries) {
    emit(
        g -> {
          g.writeStringField("type", "recap");
          g.writeObjectFieldStart("hosts");
          for (HostSummary s : summaries) {
            g.writeObjectFieldStart(s.host());
            counts(g, s);
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  private static void counts(JsonGenerator g, HostSummary s) throws IOException {
    g.writeNumberField("ok", s.ok());
    g.writeNumberField("changed", s.changed());
    g.writeNumberField("failed", s.failed());
    g.writeNumberField("skipped", s.skipped());
    g.writeBooleanField("unreachable", s.unreachable());
    if (s.notRun()) {
      g.writeBooleanField("not_run", true);
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Writes one object as one line; synchronized because host threads report concurrently. */
  private synchronized void emit(JsonLine.Fields body) {
    out.println(JsonLine.of(body));
    out.flush();
  }
}
