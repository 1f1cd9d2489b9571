package dev.mailpush.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Container port to host address, as {@code docker port} and {@code docker ps} print them. */
public record PortMap(Map<Integer, String> ports) {
  // "22/tcp -> 127.0.0.1:32768" (docker port) and "127.0.0.1:32768->22/tcp" (docker ps).
  private static final Pattern PORT_LINE = Pattern.compile("(\\d+)/tcp -> (\\S+)");
  private static final Pattern PS_ENTRY = Pattern.compile("(\\S+:\\d+)->(\\d+)/tcp");

  public PortMap {
    ports = Map.copyOf(ports);
  }

  /** Parses {@code docker port CONTAINER}; the first binding of a port wins (IPv4 before IPv6). */
  static PortMap fromDockerPort(String output) {
    Map<Integer, String> m = new TreeMap<>();
    Matcher matcher = PORT_LINE.matcher(output);
    while (matcher.find()) {
      m.putIfAbsent(Integer.parseInt(matcher.group(1)), matcher.group(2));
    }
    return new PortMap(m);
  }

  /** Parses the Ports column of {@code docker ps}. */
  static PortMap fromDockerPs(String column) {
    Map<Integer, String> m = new TreeMap<>();
    Matcher matcher = PS_ENTRY.matcher(column);
    while (matcher.find()) {
      m.putIfAbsent(Integer.parseInt(matcher.group(2)), matcher.group(1));
    }
    return new PortMap(m);
  }

  /** The host port bound to {@code containerPort}, or -1 when it is not published. */
  public int hostPort(int containerPort) {
    String address = ports.get(containerPort);
    return address == null ? -1 : Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** "ssh 22 -> 127.0.0.1:32768, smtp 25 -> ..." in the sandbox's port order. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    for (int port : Sandbox.PORT_ORDER) {
      if (ports.containsKey(port)) {
        s.append(s.isEmpty() ? "" : ", ")
            .append(Sandbox.PORTS.get(port))
            .append(' ')
            .append(port)
            .append(" -> ")
            .append(ports.get(port));
      }
    }
    return s.toString();
  }

  /**
   * The mail ports as {@code mailpush verify --port-map} takes them ("25=32769,465=32771,..."): SSH
   * is not probed, so it is left out.
   */
  public String verifyPortMap() {
    StringBuilder s = new StringBuilder();
    for (int port : Sandbox.PORT_ORDER) {
      if (port != 22 && ports.containsKey(port)) {
        s.append(s.isEmpty() ? "" : ",").append(port).append('=').append(hostPort(port));
      }
    }
    return s.toString();
  }

  /**
   * "127.0.0.1: ssh 32768, smtp 32769, ..." when every port is on one address (as sandboxes have).
   */
  public String compact() {
    java.util.Set<String> hosts = new java.util.TreeSet<>();
    StringBuilder s = new StringBuilder();
    for (int port : Sandbox.PORT_ORDER) {
      String address = ports.get(port);
      if (address != null) {
        hosts.add(address.substring(0, address.lastIndexOf(':')));
        s.append(s.isEmpty() ? "" : ", ")
            .append(Sandbox.PORTS.get(port))
            .append(' ')
            .append(hostPort(port));
      }
    }
    return hosts.size() == 1 ? hosts.iterator().next() + ": " + s : describe();
  }
}
