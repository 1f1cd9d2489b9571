package dev.mailpush.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Let's Encrypt's test CA on loopback: Debian's {@code pebble} with {@code pebble-challtestsrv} as
 * its DNS server (every name resolves to 127.0.0.1, no AAAA). Pebble's HTTPS certificate is made
 * here, by a test CA whose PEM ({@link #httpsCaPem()}) is what {@code acme_ca_cert} trusts. HTTP-01
 * is validated on {@code httpPort}: the 127.0.0.1 port a target container's port 80 is published
 * on.
 */
final class Pebble implements AutoCloseable {
  private final Process challtestsrv;
  private final Process pebble;
  private final int acmePort;
  private final int managementPort;
  private final int dnsManagementPort;
  private final Path httpsCaPem;
  private final HttpClient client;
  private final Path log;

  private Pebble(Path dir, int httpPort) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    acmePort = freePort();
    managementPort = freePort();
    int dnsPort = freePort();
    dnsManagementPort = freePort();
    TestCerts.Issued ca = TestCerts.ca("mailpush test: Pebble HTTPS CA");
    TestCerts.Issued https =
        TestCerts.leaf(
            ca,
            List.of("localhost"),
            List.of("127.0.0.1"),
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(30)));
    httpsCaPem = dir.resolve("pebble-https-ca.pem");
    Files.writeString(httpsCaPem, TestCerts.pem(ca.cert()), StandardCharsets.US_ASCII);
    Files.writeString(
        dir.resolve("cert.pem"), TestCerts.pem(https.cert()), StandardCharsets.US_ASCII);
    Files.writeString(
        dir.resolve("key.pem"), TestCerts.keyPem(https.key()), StandardCharsets.US_ASCII);
    Files.writeString(
        dir.resolve("pebble.json"),
        """
        {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
          "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
          "ocspResponderURL": "", "externalAccountBindingRequired": false}}
        """
            .formatted(
                acmePort,
                managementPort,
                dir.resolve("cert.pem"),
                dir.resolve("key.pem"),
                httpPort,
                freePort()));
    log = dir.resolve("pebble.log");
    challtestsrv =
        new ProcessBuilder(
                "pebble-challtestsrv",
                "-dns01",
                "127.0.0.1:" + dnsPort,
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-management",
                "127.0.0.1:" + dnsManagementPort,
                "-defaultIPv4",
                "127.0.0.1",
                "-defaultIPv6",
                "")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("challtestsrv.log").toFile())
            .start();
    ProcessBuilder pb =
        new ProcessBuilder(
                "pebble",
                "-config",
                dir.resolve("pebble.json").toString(),
                "-dnsserver",
                "127.0.0.1:" + dnsPort)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
    pebble = pb.start();
    client =
        HttpClient.newBuilder()
            .sslContext(TrustingAcmeProvider.sslContext(httpsCaPem))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    waitUntilUp();
  }

  static Pebble start(Path dir, int httpPort) {
    try {
      return new Pebble(dir, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String directoryUrl() {
    return "https://127.0.0.1:" + acmePort + "/dir";
  }

  Path httpsCaPem() {
    return httpsCaPem;
  }

  /** The root of the certificates Pebble issues (it makes a new one at every start). */
  String rootPem() {
    return get("https://127.0.0.1:" + managementPort + "/roots/0");
  }

  /** Points {@code host} at {@code address} in challtestsrv's DNS. */
  void addA(String host, String address) {
    post(
        "http://127.0.0.1:" + dnsManagementPort + "/add-a",
        "{\"host\":\"" + host + "\",\"addresses\":[\"" + address + "\"]}");
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void waitUntilUp() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        get(directoryUrl());
        addA("probe.invalid", "127.0.0.1");
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline || !pebble.isAlive() || !challtestsrv.isAlive()) {
          close();
          throw new IllegalStateException("pebble did not start: " + e + "\n" + log(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  private String get(String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
  }

  private void post(String url, String json) {
    send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            request.uri() + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : new Process[] {pebble, challtestsrv}) {
      if (p != null) {
        p.destroy();
        try {
          if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
