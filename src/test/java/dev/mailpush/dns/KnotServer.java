package dev.mailpush.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for tests: Debian's knotd on 127.0.0.1 with a free port (UDP and
 * TCP) and zone files written by the test. Under CI a missing knotd fails the test (the CI script
 * installs it).
 */
public final class KnotServer implements AutoCloseable {
  static final Path KNOTD = Path.of("/usr/sbin/knotd");

  private final Process process;
  private final String address;
  private final int port;
  private final Path dir;

  private KnotServer(Process process, String address, int port, Path dir) {
    this.process = process;
    this.address = address;
    this.port = port;
    this.dir = dir;
  }

  public static void assumeAvailable() {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isExecutable(KNOTD)) {
      if (ci) {
        throw new AssertionError("knotd is missing: .ci/run installs the knot package");
      }
      Assumptions.abort("knotd not installed (apt-get install knot)");
    }
  }

  /** Zone name to zone-file body (records after the SOA/NS that this adds). */
  public static KnotServer start(Path dir, Map<String, String> zones) {
    return start(dir, zones, "127.0.0.1");
  }

  /**
   * The same on {@code address}: 127.0.0.1, or the Docker bridge address of this machine when test
   * containers must resolve the zones (never a public address).
   */
  public static KnotServer start(Path dir, Map<String, String> zones, String address) {
    return start(dir, zones, address, null, null);
  }

  /**
   * The same on 127.0.0.1, taking RFC 2136 updates signed with TSIG key {@code keyName}
   * (hmac-sha256, base64 {@code secret}) for every zone; updates are logged, so {@link #updates}
   * counts them.
   */
  public static KnotServer acceptingUpdates(
      Path dir, Map<String, String> zones, String keyName, String secret) {
    return start(dir, zones, "127.0.0.1", keyName, secret);
  }

  /** The same on {@code address} (the Docker bridge address, for containers that resolve too). */
  public static KnotServer acceptingUpdates(
      Path dir, Map<String, String> zones, String address, String keyName, String secret) {
    return start(dir, zones, address, keyName, secret);
  }

  /**
   * The same, with the zones in {@code signed} DNSSEC-signed by knotd itself (its default policy:
   * ECDSA P-256, a KSK and a ZSK, re-signed after each update); {@link #trustAnchor} gives a
   * validating resolver the key to trust.
   */
  public static KnotServer signedAcceptingUpdates(
      Path dir,
      Map<String, String> zones,
      Set<String> signed,
      String address,
      String keyName,
      String secret) {
    return start(dir, zones, signed, address, keyName, secret);
  }

  private static KnotServer start(
      Path dir, Map<String, String> zones, String address, String keyName, String secret) {
    return start(dir, zones, Set.of(), address, keyName, secret);
  }

  private static KnotServer start(
      Path dir,
      Map<String, String> zones,
      Set<String> signed,
      String address,
      String keyName,
      String secret) {
    assumeAvailable();
    try {
      Files.createDirectories(dir.resolve("db"));
      StringBuilder conf = new StringBuilder();
      int port = freePort(InetAddress.getByName(address));
      conf.append("server:\n  listen: ")
          .append(address)
          .append("@")
          .append(port)
          .append("\n  rundir: \"")
          .append(dir)
          .append("\"\n")
          .append("database:\n  storage: \"")
          .append(dir.resolve("db"))
          .append("\"\n")
          .append("log:\n  - target: stderr\n    any: ")
          .append(keyName == null ? "warning" : "info")
          .append("\n");
      if (keyName != null) {
        conf.append("key:\n  - id: ")
            .append(keyName)
            .append("\n    algorithm: hmac-sha256\n    secret: ")
            .append(secret)
            .append("\nacl:\n  - id: update\n    key: ")
            .append(keyName)
            .append("\n    action: update\n");
      }
      conf.append("template:\n  - id: default\n    storage: \"")
          .append(dir)
          .append("\"\n    file: \"%s.zone\"\n")
          .append("    zonefile-load: whole\n    journal-content: none\n")
          .append(keyName == null ? "" : "    acl: update\n")
          .append("zone:\n");
      for (Map.Entry<String, String> z : zones.entrySet()) {
        conf.append("  - domain: ").append(z.getKey()).append("\n");
        if (signed.contains(z.getKey())) {
          conf.append("    dnssec-signing: on\n");
        }
        Files.writeString(
            dir.resolve(z.getKey() + ".zone"),
            "$ORIGIN "
                + z.getKey()
                + ".\n$TTL 300\n"
                + "@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n@ IN NS ns.test.\n"
                + z.getValue()
                + "\n");
      }
      Path confFile = dir.resolve("knot.conf");
      Files.writeString(confFile, conf);
      Process p =
          new ProcessBuilder(KNOTD.toString(), "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("knotd.log").toFile())
              .start();
      KnotServer server = new KnotServer(p, address, port, dir);
      server.awaitReady(zones.keySet().iterator().next());
      for (String zone : signed) {
        server.trustAnchor(zone);
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(String zone) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "knotd exited: " + Files.readString(dir.resolve("knotd.log")));
      }
      DnsAnswer a = DnsjavaLookup.server(address, port).query("ns-probe." + zone, RecordType.A);
      if (a instanceof DnsAnswer.NxDomain || a instanceof DnsAnswer.Records) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "knotd did not answer: " + Files.readString(dir.resolve("knotd.log")));
  }

  /** A port free for both UDP and TCP on {@code lo}. */
  private static int freePort(InetAddress lo) throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        int p = s.getLocalPort();
        try {
          new DatagramSocket(p, lo).close();
          return p;
        } catch (IOException busy) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  public int port() {
    return port;
  }

  public String address() {
    return address;
  }

  public String resolver() {
    return address + ":" + port;
  }

  /** How many dynamic updates the server has applied (its log's "DDNS, finished" lines). */
  public long updates() {
    try {
      return Files.readAllLines(dir.resolve("knotd.log")).stream()
          .filter(l -> l.contains("DDNS, finished"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data of the records of {@code name} and {@code type} (A, AAAA, MX, TXT, PTR) now. */
  public java.util.List<String> values(String name, String type) {
    return DnsjavaLookup.server(address, port).query(name, RecordType.valueOf(type)).values();
  }

  /**
   * The key-signing key of signed {@code zone} as a DNSKEY record line (what a validating resolver
   * is given as the zone's trust anchor); waits until knotd has signed the zone.
   */
  public String trustAnchor(String zone) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    try {
      SimpleResolver r = new SimpleResolver(InetAddress.getByName(address));
      r.setPort(port);
      r.setTCP(true);
      while (System.nanoTime() < deadline) {
        Message answer =
            r.send(
                Message.newQuery(
                    Record.newRecord(Name.fromString(zone + "."), Type.DNSKEY, DClass.IN)));
        for (Record rec : answer.getSection(Section.ANSWER)) {
          if (rec instanceof DNSKEYRecord key
              && key.getFlags() == DNSKEYRecord.Flags.ZONE_KEY + DNSKEYRecord.Flags.SEP_KEY) {
            return key.toString().replace('\t', ' ');
          }
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("knotd did not sign " + zone + ": " + log());
  }

  /** The server's log, for a test's output. */
  public String log() {
    try {
      return Files.readString(dir.resolve("knotd.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> zones() {
    return new LinkedHashMap<>();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
