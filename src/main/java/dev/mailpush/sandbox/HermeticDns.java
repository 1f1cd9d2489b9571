package dev.mailpush.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A test host's resolver, which lets nothing in it query the outside world (SpamAssassin's
 * blocklists, Postfix's reverse lookups): the image's own loopback dnsmasq, which knows only
 * /etc/hosts and answers NXDOMAIN for the rest at once. The one name apt needs, {@value
 * #MIRROR_HOST}, is pinned there to {@code mirrorAddress}.
 *
 * <p>The sandbox and the bench keep Docker's DNS on purpose: a sandbox lives for days and works
 * like a real server (blocklists, any mirror), where a pinned mirror address would go stale.
 */
record HermeticDns(String mirrorAddress) {
  /** The one outside name a hermetic host resolves: the Debian mirror of the images' apt. */
  static final String MIRROR_HOST = "deb.debian.org";

  /** Pins the mirror to the address this machine resolves now, when the container is described. */
  static HermeticDns resolvingMirror() {
    try {
      return new HermeticDns(InetAddress.getByName(MIRROR_HOST).getHostAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve " + MIRROR_HOST + " for the target's apt", e);
    }
  }

  void applyTo(SystemdContainer.Settings s) {
    s.dns("127.0.0.1");
    s.extraHost(MIRROR_HOST, mirrorAddress);
  }
}
