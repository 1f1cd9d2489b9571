package dev.mailpush.cli;

import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.TaskOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The report a person reads: one line per task result as it happens (from several host threads, so every
 * write is synchronized), failures with their hint, diffs when asked, and a recap table.
 */
final class HumanRenderer implements Renderer {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Terminal terminal;
  private int hostWidth = 8;

  HumanRenderer(PrintWriter out, PrintWriter err, Terminal terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void begin(String play, int hosts, RunOptions options) {
    out.println(terminal.paint("PLAY " + play, "1") + " on " + hosts + (hosts == 1 ? " host" : " hosts")
        + (options.check() ? " (check mode: nothing will be changed)" : ""));
    out.flush();
  }

  @Override
  public synchronized void accept(RunEvent event) {
    if (event instanceof RunEvent.HostStarted s) {
      hostWidth = Math.max(hostWidth, s.host().length());
    } else if (event instanceof RunEvent.TaskFinished t) {
      task(t);
    } else if (event instanceof RunEvent.HostFinished f) {
      HostSummary s = f.summary();
      if (s.unreachable()) {
        line(s.host(), terminal.paint("UNREACHABLE", "31;1"), s.error());
      } else if (!s.error().isEmpty() && s.failed() > 0 && !s.error().equals("a task failed")) {
        line(s.host(), terminal.paint("FAILED", "31;1"), s.error());
      }
    } else if (event instanceof RunEvent.Stopped s) {
      out.println(terminal.paint("STOPPED", "31;1") + " " + s.reason());
    }
    out.flush();
  }

  private void task(RunEvent.TaskFinished t) {
    String name = (t.handler() ? "handler: " : "") + t.task();
    t.outcome().match(
        ok -> line(t.host(), terminal.paint("ok", "32"), name),
        changed -> {
          line(t.host(), terminal.paint("changed", "33"), name + ": " + String.join("; ", changed.actions()));
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
        skipped -> line(t.host(), terminal.paint("skipped", "36"), name + " (" + skipped.reason() + ")"));
  }

  private Void line(String host, String status, String text) {
    // Pad on the visible width: colour codes take no columns.
    String visible = status.replaceAll("\u001b\\[[0-9;]*m", "");
    out.println(String.format(Locale.ROOT, "%-" + hostWidth + "s  ", host) + status
        + " ".repeat(Math.max(1, 9 - visible.length())) + text);
    return null;
  }

  private String indentDiff(String diff) {
    StringBuilder b = new StringBuilder();
    for (String l : diff.split("\n")) {
      String painted = l.startsWith("+") && !l.startsWith("+++") ? terminal.paint(l, "32")
          : l.startsWith("-") && !l.startsWith("---") ? terminal.paint(l, "31") : l;
      b.append("    ").append(painted).append('\n');
    }
    return b.toString();
  }

  @Override
  public synchronized void recap(List<HostSummary> summaries) {
    out.println();
    out.println(terminal.paint("RECAP", "1"));
    out.println(String.format(Locale.ROOT, "%-" + hostWidth + "s  %4s %8s %7s %8s  %-11s %7s", "host", "ok",
        "changed", "failed", "skipped", "unreachable", "time"));
    for (HostSummary s : summaries) {
      out.println(String.format(Locale.ROOT, "%-" + hostWidth + "s  %4d %8d %7d %8d  %-11s %7s", s.host(), s.ok(),
          s.changed(), s.failed(), s.skipped(), s.notRun() ? "not run" : s.unreachable() ? "yes" : "no",
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
