package dev.mailpush.api;

import dev.mailpush.dns.DnsLookup;
import dev.mailpush.verify.PortMap;
import dev.mailpush.verify.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code verify} reaches the hosts.
 *
 * @param trust the CAs a certificate must chain to (the system's, plus a private or test CA)
 * @param ports where each service port is really reached (a NAT, a test container)
 * @param connect an address to connect to instead of each host's inventory address
 * @param timeout connect and read timeout of each probe
 * @param forks hosts probed at once
 * @param resolver where the mail clients' SRV records (RFC 6186) are looked up; none: not checked
 *     (dns-report checks them always)
 */
public record VerifySettings(
    Trust trust,
    PortMap ports,
    Optional<String> connect,
    Duration timeout,
    int forks,
    Optional<DnsLookup> resolver) {
  public VerifySettings {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(resolver, "resolver");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout (" + timeout + ") must be positive");
    }
    if (forks < 1) {
      throw new IllegalArgumentException("forks (" + forks + ") must be at least 1");
    }
  }

  /** The system's CAs, the real ports and addresses, 10 s per probe, 20 hosts at once. */
  public static VerifySettings defaults() {
    return new VerifySettings(
        Trust.system(),
        PortMap.none(),
        Optional.empty(),
        Duration.ofSeconds(10),
        20,
        Optional.empty());
  }

  /**
   * From command-line words: {@code caFile} (PEM, or null), {@code portMap} entries ({@code
   * 25=2525}, {@code mx1:993=9993}), {@code connect} (or null), timeout in seconds.
   *
   * @throws UsageException naming the bad value and an example
   */
  public static VerifySettings parse(
      Path caFile, List<String> portMap, String connect, int timeoutSeconds) {
    PortMap ports;
    try {
      ports = PortMap.parse(portMap);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--port-map: " + e.getMessage(), "e.g. --port-map 25=32801,993=32802 or mx1:25=32801");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new UsageException(
          "--timeout " + timeoutSeconds + ": must be 1 to 600 seconds", "e.g. --timeout 10");
    }
    return new VerifySettings(
        trust(caFile),
        ports,
        Optional.ofNullable(connect),
        Duration.ofSeconds(timeoutSeconds),
        20,
        Optional.empty());
  }

  /**
   * These settings, also checking the SRV records through {@code resolver} (HOST or HOST:PORT).
   *
   * @throws UsageException naming the bad value and an example
   */
  public VerifySettings withResolver(String resolver) {
    return new VerifySettings(
        trust,
        ports,
        connect,
        timeout,
        forks,
        Optional.of(DnsSettings.parse(resolver, List.of(), false).resolver()));
  }

  private static Trust trust(Path caFile) {
    if (caFile == null) {
      return Trust.system();
    }
    if (!Files.isReadable(caFile)) {
      throw new UsageException(
          "--ca-file " + caFile + ": not a readable file", "give a PEM file of CA certificates");
    }
    try {
      return Trust.systemPlus(caFile);
    } catch (IOException e) {
      throw new UsageException(
          "--ca-file: " + e.getMessage(), "give a PEM file of CA certificates");
    }
  }
}
