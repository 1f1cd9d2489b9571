package dev.mailpush.dns;

import java.math.BigInteger;
import java.net.InetAddress;

/** Address-prefix arithmetic for the ip4, ip6, a and mx mechanisms of SPF. */
final class Cidr {
  private Cidr() {}

  /**
   * Whether {@code ip} lies in {@code net/prefix} (-1: the whole address); false across families.
   */
  static boolean inNetwork(InetAddress ip, InetAddress net, int prefix) {
    byte[] x = ip.getAddress();
    byte[] y = net.getAddress();
    if (x.length != y.length) {
      return false;
    }
    int bits = prefix < 0 ? x.length * 8 : prefix;
    BigInteger mask =
        bits == 0
            ? BigInteger.ZERO
            : BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .shiftLeft(x.length * 8 - bits);
    return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
  }
}
