package dev.mailpush.testhosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The client key pair of this test JVM: generated once with OpenSSH's {@code ssh-keygen}. */
final class TestKeys {
  private TestKeys() {}

  /** Private key file (mode 0600) with its {@code .pub} beside it; deleted when the JVM exits. */
  static Path identityFile() {
    return Holder.IDENTITY;
  }

  /** The public key line for {@code authorized_keys}. */
  static String publicKey() {
    return Holder.PUBLIC_KEY;
  }

  private static final class Holder {
    static final Path IDENTITY;
    static final String PUBLIC_KEY;

    static {
      try {
        Path dir = Files.createTempDirectory("mailpush-test-keys");
        IDENTITY = dir.resolve("id_ed25519");
        Process p =
            new ProcessBuilder(
                    "ssh-keygen",
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    "mailpush-test",
                    "-f",
                    IDENTITY.toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("ssh-keygen failed: " + output);
        }
        PUBLIC_KEY = Files.readString(dir.resolve("id_ed25519.pub")).strip();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while generating the test key", e);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temp dir left behind is harmless.
    }
  }
}
