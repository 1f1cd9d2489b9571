package dev.mailpush.inventory;

import java.util.Objects;

/**
 * {@code [dns]}: the primary name server that takes RFC 2136 dynamic updates for the mail domains'
 * zones, and the TSIG key that signs them.
 *
 * @param server the primary's name or address
 * @param port its DNS port (53 unless the inventory says otherwise)
 * @param keyName the TSIG key's name, as the server knows it
 * @param algorithm the TSIG algorithm, e.g. {@code hmac-sha256}
 * @param secret the key's secret, base64 (a secret: never shown)
 * @param ttl the TTL of the records mailpush writes
 */
public record DnsConfig(
    String server, int port, String keyName, String algorithm, String secret, int ttl) {
  public DnsConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "DnsConfig[server="
        + server
        + ":"
        + port
        + ", key="
        + keyName
        + " ("
        + algorithm
        + "), secret=(secret), ttl="
        + ttl
        + "]";
  }
}
