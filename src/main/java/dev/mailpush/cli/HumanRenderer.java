package dev.mailpush.cli;

import dev.mailpush.Printable;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report a person reads: one line per task result as it happens (from several host threads, so
 * every write is synchronized), failures with their hint, diffs when asked, and a recap table. On a
 * terminal a live block under those lines shows each host's current task and progress, redrawn in
 * place.
 */
final class HumanRenderer implements Renderer {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Terminal terminal;
  private int hostWidth = 8;

  /** Live state per host, in start order: tasks done, tasks in the play, what runs now. */
  private final Map<String, Progress> progress = new LinkedHashMap<>();

  private int drawnLines;

  private static final class Progress {
    final int total;
    int done;
    String now = "connecting";
    boolean finished;

    Progress(int total) {
      this.total = total;
    }
  }

  HumanRenderer(PrintWriter out, PrintWriter err, Terminal terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void begin(String play, int hosts, RunOptions options) {
    out.println(
        terminal.paint("PLAY " + play, "1")
            + " on "
            + hosts
            + (hosts == 1 ? " host" : " hosts")
            + (options.check() ? " (check mode: nothing will be changed)" : ""));
    out.flush();
  }

  @Override
  public synchronized void accept(RunEvent event) {
    clearLive();
    event.match(
        this::started, this::taskStarted, this::taskFinished, this::finished, this::stopped);
    drawLive();
    out.flush();
  }

  private Void started(RunEvent.HostStarted s) {
    hostWidth = Math.max(hostWidth, s.host().length());
    progress.put(s.host(), new Progress(s.tasks()));
    return null;
  }

  private Void taskStarted(RunEvent.TaskStarted t) {
    Progress p = progress.get(t.host());
    if (p != null) {
      p.now = (t.handler() ? "handler: " : "") + t.task();
    }
    return null;
  }

  private Void taskFinished(RunEvent.TaskFinished t) {
    Progress p = progress.get(t.host());
    if (p != null && !t.handler()) {
      p.done++;
    }
    task(t);
    return null;
  }

  private Void finished(RunEvent.HostFinished f) {
    HostSummary s = f.summary();
    Progress p = progress.get(s.host());
    if (p != null) {
      p.finished = true;
    }
    if (s.unreachable()) {
      line(s.host(), terminal.paint("UNREACHABLE", "31;1"), s.error());
    } else if (!s.error().isEmpty() && s.failed() > 0 && !s.error().equals("a task failed")) {
      line(s.host(), terminal.paint("FAILED", "31;1"), s.error());
    }
    return null;
  }

  private Void stopped(RunEvent.Stopped s) {
    out.println(terminal.paint("STOPPED", "31;1") + " " + s.reason());
    return null;
  }

  /** Erases the live block (cursor up to its first line, clear to the end of the screen). */
  private void clearLive() {
    if (drawnLines > 0) {
      out.print("\u001b[" + drawnLines + "F\u001b[J");
      drawnLines = 0;
    }
  }

  /**
   * One line per host still running; cut to the terminal's width so no line wraps and breaks the
   * redraw.
   */
  private void drawLive() {
    if (!terminal.interactive()) {
      return;
    }
    int width = terminal.columns();
    for (Map.Entry<String, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (p.finished) {
        continue;
      }
      String text =
          String.format(
              Locale.ROOT, "%-" + hostWidth + "s  [%d/%d] %s", e.getKey(), p.done, p.total, p.now);
      out.println(
          terminal.paint(text.length() > width - 1 ? text.substring(0, width - 1) : text, "2"));
      drawnLines++;
    }
  }

  private void task(RunEvent.TaskFinished t) {
    String name = (t.handler() ? "handler: " : "") + t.task();
    t.outcome()
        .match(
            ok -> {
              line(t.host(), terminal.paint("ok", "32"), name);
              if (!ok.report().isEmpty()) {
                out.print(indentDiff(ok.report()));
              }
              return null;
            },
            changed -> {
              line(
                  t.host(),
                  terminal.paint("changed", "33"),
                  name + ": " + String.join("; ", changed.actions()));
              changed.diffs().forEach(d -> out.print(indentDiff(d)));
              return null;
            },
            failed -> {
              line(t.host(), terminal.paint("FAILED", "31;1"), name + ": " + failed.message());
              if (!failed.hint().isEmpty()) {
                out.println(" ".repeat(hostWidth + 11) + "hint: " + failed.hint());
              }
              return null;
            },
            skipped ->
                line(
                    t.host(),
                    terminal.paint("skipped", "36"),
                    name + " (" + skipped.reason() + ")"));
  }

  private Void line(String host, String status, String text) {
    // Pad on the visible width: colour codes take no columns.
    String visible = status.replaceAll("\u001b\\[[0-9;]*m", "");
    // Messages carry text from the host (validator output): never let it drive the terminal.
    out.println(
        String.format(Locale.ROOT, "%-" + hostWidth + "s  ", host)
            + status
            + " ".repeat(Math.max(1, 9 - visible.length()))
            + Printable.block(text));
    return null;
  }

  /**
   * A diff or report: file contents from the host, so escape sequences in it are shown, not obeyed.
   */
  private String indentDiff(String diff) {
    StringBuilder b = new StringBuilder();
    for (String l : Printable.block(diff).split("\n")) {
      String painted =
          l.startsWith("+") && !l.startsWith("+++")
              ? terminal.paint(l, "32")
              : l.startsWith("-") && !l.startsWith("---") ? terminal.paint(l, "31") : l;
      b.append("    ").append(painted).append('\n');
    }
    return b.toString();
  }

  @Override
  public synchronized void recap(List<HostSummary> summaries) {
    clearLive();
    out.println();
    out.println(terminal.paint("RECAP", "1"));
    out.println(
        String.format(
            Locale.ROOT,
            "%-" + hostWidth + "s  %4s %8s %7s %8s  %-11s %7s",
            "host",
            "ok",
            "changed",
            "failed",
            "skipped",
            "unreachable",
            "time"));
    for (HostSummary s : summaries) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-" + hostWidth + "s  %4d %8d %7d %8d  %-11s %7s",
              s.host(),
              s.ok(),
              s.changed(),
              s.failed(),
              s.skipped(),
              s.notRun() ? "not run" : s.unreachable() ? "yes" : "no",
              seconds(s.duration())));
    }
    out.flush();
    long bad = summaries.stream().filter(HostSummary::bad).count();
    if (bad > 0) {
      err.println(bad + " of " + summaries.size() + " hosts failed or were unreachable");
      err.flush();
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
