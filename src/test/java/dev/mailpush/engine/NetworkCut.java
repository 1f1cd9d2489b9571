package dev.mailpush.engine;

import dev.mailpush.testhosts.TargetHost;

/**
 * Cuts a test host off its network from inside (the containers have NET_ADMIN): {@code ip link set
 * eth0 down} drops every packet both ways and sends nothing, so an open SSH connection goes silent
 * rather than closed: no FIN, no reset, the relay in front of the published port keeps the client's
 * side open. Tried here: bytes sent over a cut connection get no answer for as long as the cut
 * lasts, and the connection carries on once it is restored. Taking the link down drops the default
 * route, which {@link #restore()} puts back.
 */
final class NetworkCut implements AutoCloseable {
  private final TargetHost host;
  private final String gateway;
  private boolean cut;

  NetworkCut(TargetHost host) {
    this.host = host;
    this.gateway =
        host.exec("sh", "-c", "ip -o route show default | sed -n 's/.* via \\([0-9.]*\\).*/\\1/p'")
            .requireSuccess("read the default route")
            .stdout()
            .strip();
    if (gateway.isEmpty()) {
      throw new IllegalStateException(host + " has no default route to restore after a cut");
    }
  }

  void cut() {
    host.exec("ip", "link", "set", "eth0", "down").requireSuccess("take eth0 down");
    cut = true;
  }

  void restore() {
    host.exec(
            "sh", "-c", "ip link set eth0 up && ip route replace default via \"$1\"", "sh", gateway)
        .requireSuccess("bring eth0 back up");
    cut = false;
  }

  @Override
  public void close() {
    if (cut) {
      restore();
    }
  }
}
