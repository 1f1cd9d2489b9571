package dev.mailpush.testhosts;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a host's TCP listeners while something else (a first deploy) runs: a loop on the host
 * samples {@code ss} every 50 ms and logs the time each watched port was seen listening, so a test
 * can compare when a daemon first listened with when its configuration was written.
 */
public final class ListenerWatch {
  private static final String LOG = "/run/mailpush-listener-watch.log";
  private static final String STOP = "/run/mailpush-listener-watch.stop";
  private static final String LOOP =
      """
      : > "$1"
      while [ ! -e "$2" ]; do
        t=$(date +%s.%N)
        ss -Hltn | awk -v t="$t" '{ n = split($4, a, ":"); print t, a[n] }' >> "$1"
        sleep 0.05
      done
      """;

  private final TargetHost host;
  private final List<Integer> ports;

  private ListenerWatch(TargetHost host, List<Integer> ports) {
    this.host = host;
    this.ports = List.copyOf(ports);
  }

  /** Starts the loop, detached from the {@code docker exec} that launches it. */
  public static ListenerWatch start(TargetHost host, Integer... ports) {
    host.exec("rm", "-f", STOP, LOG).requireSuccess("clearing the listener watch");
    host.exec("setsid", "-f", "sh", "-c", LOOP, "sh", LOG, STOP)
        .requireSuccess("starting the listener watch");
    return new ListenerWatch(host, List.of(ports));
  }

  /**
   * Stops the loop and returns, per watched port, the host's clock (seconds since the epoch) when
   * it was first seen listening; a port never seen is absent.
   */
  public Map<Integer, BigDecimal> stop() {
    host.exec("sh", "-c", "touch \"$1\"; sleep 0.2; cat \"$2\"", "sh", STOP, LOG);
    String log = host.exec("cat", LOG).requireSuccess("reading the listener watch").stdout();
    Map<Integer, BigDecimal> first = new HashMap<>();
    for (String line : log.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length == 2 && f[1].matches("\\d+") && ports.contains(Integer.parseInt(f[1]))) {
        first.putIfAbsent(Integer.parseInt(f[1]), new BigDecimal(f[0]));
      }
    }
    return first;
  }

  /** When the host last modified {@code path} (seconds since the epoch), if it exists. */
  public Optional<BigDecimal> modified(String path) {
    TargetHost.Result r = host.exec("date", "-r", path, "+%s.%N");
    return r.exitCode() == 0 ? Optional.of(new BigDecimal(r.stdout().trim())) : Optional.empty();
  }
}
