package dev.mailpush.verify;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each service port is really reached: {@code 25=32801,993=32802} for every host, or {@code
 * mx1:25=32801} for one. The default is the real port.
 */
public record PortMap(Map<Integer, Integer> all, Map<String, Map<Integer, Integer>> perHost) {

  public PortMap {
    all = Map.copyOf(all);
    Map<String, Map<Integer, Integer>> copy = new HashMap<>();
    perHost.forEach((h, m) -> copy.put(h, Map.copyOf(m)));
    perHost = Map.copyOf(copy);
  }

  public static PortMap none() {
    return new PortMap(Map.of(), Map.of());
  }

  /**
   * @throws IllegalArgumentException naming the bad entry
   */
  public static PortMap parse(Iterable<String> entries) {
    Map<Integer, Integer> all = new HashMap<>();
    Map<String, Map<Integer, Integer>> perHost = new HashMap<>();
    for (String raw : entries) {
      String e = raw.strip();
      if (e.isEmpty()) {
        continue;
      }
      String host = null;
      int colon = e.indexOf(':');
      if (colon >= 0) {
        host = e.substring(0, colon);
        e = e.substring(colon + 1);
      }
      String[] kv = e.split("=", -1);
      if (kv.length != 2 || (host != null && host.isEmpty())) {
        throw new IllegalArgumentException("\"" + raw + "\" is not [HOST:]PORT=PORT");
      }
      int from = port(raw, kv[0]);
      int to = port(raw, kv[1]);
      (host == null ? all : perHost.computeIfAbsent(host, h -> new HashMap<>())).put(from, to);
    }
    return new PortMap(all, perHost);
  }

  private static int port(String raw, String s) {
    try {
      int p = Integer.parseInt(s.strip());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("\"" + raw + "\": " + s + " is not a port (1-65535)");
  }

  /** The port to connect to for {@code service} on {@code host}. */
  public int port(String host, int service) {
    Map<Integer, Integer> h = perHost.get(host);
    if (h != null && h.containsKey(service)) {
      return h.get(service);
    }
    return all.getOrDefault(service, service);
  }
}
