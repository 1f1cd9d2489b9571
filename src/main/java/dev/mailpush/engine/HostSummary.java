package dev.mailpush.engine;

import java.time.Duration;

/**
 * The recap of one host.
 *
 * @param error why the host failed or was unreachable; empty when fine
 * @param notRun the host was not attempted because an earlier batch exceeded the failure threshold
 */
public record HostSummary(
    String host,
    int ok,
    int changed,
    int failed,
    int skipped,
    boolean unreachable,
    boolean notRun,
    String error,
    Duration duration,
    int execCount,
    long bytesSent) {

  public boolean bad() {
    return failed > 0 || unreachable || notRun;
  }

  static HostSummary notRun(String host) {
    return new HostSummary(
        host, 0, 0, 0, 0, false, true, "not run: an earlier batch failed", Duration.ZERO, 0, 0);
  }
}
