package dev.mailpush.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs plays on hosts: in batches ({@code --serial}), each batch in parallel up to {@code --forks},
 * and stops before the next batch once more than {@code --max-fail-percent} of the hosts so far
 * failed.
 */
public final class Runner {
  private final SessionOpener opener;
  private final EventSink sink;
  private final Clock clock;

  public Runner(SessionOpener opener, EventSink sink, Clock clock) {
    this.opener = opener;
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * A host and the play compiled for it (compiled before anything connects, so errors come first).
   */
  public record Assignment(Target target, Play play) {}

  /** Returns one summary per host, in the order of {@code assignments}. */
  public List<HostSummary> run(List<Assignment> assignments, RunOptions options) {
    Map<String, HostSummary> results = new LinkedHashMap<>();
    int batchSize =
        options.serial() == null
            ? assignments.size()
            : options.serial().batchSize(assignments.size());
    int done = 0;
    int bad = 0;
    boolean stopped = false;
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(options.forks(), assignments.size())));
    try {
      for (int from = 0; from < assignments.size(); from += batchSize) {
        List<Assignment> batch =
            assignments.subList(from, Math.min(assignments.size(), from + batchSize));
        if (stopped) {
          batch.forEach(a -> results.put(a.target().name(), HostSummary.notRun(a.target().name())));
          continue;
        }
        List<Future<HostSummary>> futures = new ArrayList<>();
        for (Assignment a : batch) {
          futures.add(
              pool.submit(
                  () -> new HostRun(a.target(), a.play(), options, opener, sink, clock).run()));
        }
        for (Future<HostSummary> f : futures) {
          HostSummary s = join(f);
          results.put(s.host(), s);
          sink.accept(new RunEvent.HostFinished(s));
          done++;
          if (s.bad()) {
            bad++;
          }
        }
        boolean more = from + batchSize < assignments.size();
        if (more && bad * 100 > options.maxFailPercent() * done) {
          stopped = true;
          sink.accept(
              new RunEvent.Stopped(
                  bad
                      + " of "
                      + done
                      + " hosts failed, more than --max-fail-percent "
                      + options.maxFailPercent()
                      + "%: later batches are not run"));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(results.values());
  }

  private static HostSummary join(Future<HostSummary> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      // HostRun turns every expected failure into a summary; anything else is a bug worth its stack
      // trace.
      throw new IllegalStateException("host run crashed", e.getCause());
    }
  }
}
