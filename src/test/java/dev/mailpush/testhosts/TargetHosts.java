package dev.mailpush.testhosts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several {@link TargetHost}s started in parallel and closed together:
 *
 * <pre>{@code
 * try (TargetHosts hosts = TargetHosts.start(3, TargetHost.builder("bookworm"))) {
 *   hosts.get(0).sshPort(); ...
 * }
 * }</pre>
 */
public final class TargetHosts implements AutoCloseable {
  private final List<TargetHost> hosts;

  private TargetHosts(List<TargetHost> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  /** {@code count} hosts from the same builder, started at once. */
  public static TargetHosts start(int count, TargetHost.Builder builder) {
    return start(Collections.nCopies(count, builder));
  }

  /**
   * One host per builder, all started at once; if any fails to start, the others are removed and
   * the first failure is thrown.
   */
  public static TargetHosts start(List<TargetHost.Builder> builders) {
    if (builders.isEmpty()) {
      throw new IllegalArgumentException("builders must not be empty");
    }
    ExecutorService pool = Executors.newFixedThreadPool(builders.size());
    try {
      List<Future<TargetHost>> futures = new ArrayList<>();
      for (TargetHost.Builder b : builders) {
        futures.add(pool.submit(b::start));
      }
      List<TargetHost> started = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<TargetHost> f : futures) {
        try {
          started.add(f.get());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("starting a target host failed", e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (failure == null) {
            failure = new IllegalStateException("interrupted while starting target hosts", e);
          }
        }
      }
      if (failure != null) {
        started.forEach(TargetHost::close);
        throw failure;
      }
      return new TargetHosts(started);
    } finally {
      pool.shutdown();
    }
  }

  public TargetHost get(int index) {
    return hosts.get(index);
  }

  public List<TargetHost> list() {
    return hosts;
  }

  public int size() {
    return hosts.size();
  }

  /** Removes every container, in parallel. */
  @Override
  public void close() {
    hosts.parallelStream().forEach(TargetHost::close);
  }
}
