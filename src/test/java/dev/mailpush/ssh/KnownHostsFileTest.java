package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFileTest {
  @TempDir Path dir;

  @Test
  void parallelAppendsKeepEveryLineWhole() throws Exception {
    Path path = dir.resolve("deep/known_hosts");
    KnownHostsFile file = new KnownHostsFile(path);
    List<KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(TestServer.ed25519());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        int n = i;
        // Every host twice: the second append of the same key must be a no-op.
        for (int twice = 0; twice < 2; twice++) {
          done.add(
              pool.submit(
                  () -> {
                    file.append(
                        "10.0.0." + n,
                        2200 + n,
                        "[10.0.0." + n + "]:" + (2200 + n),
                        keys.get(n).getPublic());
                    return null;
                  }));
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<KnownHostEntry> entries = KnownHostEntry.readKnownHostEntries(path);
    assertThat(entries).hasSize(20);
    assertThat(entries).allSatisfy(e -> assertThat(e.getKeyEntry()).isNotNull());
  }

  @Test
  void appendsOnANewLineEvenIfTheFileLacksOne() throws Exception {
    Path path = dir.resolve("known_hosts");
    Files.writeString(path, "# no newline at end");
    new KnownHostsFile(path)
        .append("mx.example", 22, "mx.example", TestServer.ed25519().getPublic());
    List<String> lines = Files.readAllLines(path);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("mx.example ssh-ed25519 ");
  }
}
