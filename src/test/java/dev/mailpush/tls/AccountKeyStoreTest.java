package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountKeyStoreTest {
  @BeforeAll
  static void bouncyCastle() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  @Test
  void keyIsCreatedOncePrivateAndReused(@TempDir Path dir) throws Exception {
    AccountKeyStore store = new AccountKeyStore(dir.resolve("state"));
    AcmeDirectory ca = AcmeDirectory.of("https://127.0.0.1:14000/dir");
    KeyPair first = store.loadOrCreate(ca);
    Path file = store.keyFile(ca);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/acme"))))
        .isEqualTo("rwx------");
    assertThat(store.loadOrCreate(ca).getPublic()).isEqualTo(first.getPublic());
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("account.pem");
    }
  }

  @Test
  void parallelHostsShareOneKey(@TempDir Path dir) throws Exception {
    AccountKeyStore store = new AccountKeyStore(dir);
    AcmeDirectory ca = AcmeDirectory.of("letsencrypt-staging");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<KeyPair>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        keys.add(pool.submit(() -> store.loadOrCreate(ca)));
      }
      KeyPair stored = store.loadOrCreate(ca);
      for (Future<KeyPair> k : keys) {
        assertThat(k.get().getPublic()).isEqualTo(stored.getPublic());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
