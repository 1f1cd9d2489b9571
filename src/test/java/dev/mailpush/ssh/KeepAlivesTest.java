package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.Become;
import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import dev.mailpush.inventory.SshConfig.KeepAlive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each host's keepalive on the shared client: a connection that goes silent (no reset, no FIN) is
 * given up within keepalive_interval × (keepalive_count + 1) and the failure says so; a connection
 * that answers is never given up.
 */
class KeepAlivesTest {
  private static final String USER = System.getProperty("user.name");

  @TempDir Path dir;
  private Path keyFile;
  private Path knownHosts;
  private TestServer server;
  private SshConnector connector;

  @BeforeEach
  void start() throws Exception {
    KeyPair userKey = TestServer.ed25519();
    keyFile = TestServer.writeKey(dir.resolve("id_ed25519"), userKey, null);
    knownHosts = dir.resolve("known_hosts");
    server = new TestServer(userKey.getPublic());
    connector = new SshConnector(Credentials.none(), dir);
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.close();
  }

  private HostSession open(SilentLink link, KeepAlive keepAlive) throws IOException {
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:"
            + link.port()
            + " "
            + PublicKeyEntry.toString(server.hostKey.getPublic())
            + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return connector.open(
        "mx1",
        "127.0.0.1",
        new SshConfig(
            USER,
            link.port(),
            Optional.of(keyFile),
            knownHosts,
            HostKeyPolicy.STRICT,
            Become.NONE,
            Optional.empty(),
            Duration.ofSeconds(5),
            keepAlive));
  }

  private static CompletableFuture<ExecResult> sleep(HostSession s, int seconds) {
    return CompletableFuture.supplyAsync(
        () -> s.exec(new ExecRequest(List.of("sleep", "" + seconds), new byte[0], false)));
  }

  @Test
  void aSilentConnectionIsLostWithinTheBoundAndTheMessageSaysTheKeepalivesWentUnanswered()
      throws Exception {
    KeepAlive quick = new KeepAlive(Duration.ofSeconds(1), 2);
    try (SilentLink link = new SilentLink(server.port());
        HostSession s = open(link, quick)) {
      CompletableFuture<ExecResult> running = sleep(s, 30);
      Thread.sleep(300);
      link.silence();
      long cut = System.nanoTime();
      Throwable failure = null;
      try {
        running.get(quick.bound().toSeconds() + 5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      long ms = (System.nanoTime() - cut) / 1_000_000;
      System.out.printf(
          "silent link given up after %d ms (bound %d ms)%n", ms, quick.bound().toMillis());
      assertThat(failure)
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.CONNECTION_LOST);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "connection to mx1 lost while running sleep: no answer to 2 keepalives in"
                            + " a row (one every 1 s): the network or the host went silent");
              });
      // Not before count × interval (nothing but the keepalive noticed), and within the bound plus
      // scheduling slack.
      assertThat(ms)
          .isBetween(
              quick.interval().multipliedBy(quick.count()).toMillis() - 200,
              quick.bound().toMillis() + 1000);
    }
  }

  @Test
  void aConnectionThatGoesSilentMidUploadSaysTheSame() throws Exception {
    KeepAlive quick = new KeepAlive(Duration.ofSeconds(1), 2);
    try (SilentLink link = new SilentLink(server.port());
        HostSession s = open(link, quick)) {
      // More than a channel window: the upload is still being sent, waiting for room, when the link
      // goes silent.
      byte[] big = new byte[8 * 1024 * 1024];
      CompletableFuture<ExecResult> running =
          CompletableFuture.supplyAsync(
              () ->
                  s.exec(
                      new ExecRequest(
                          List.of("sh", "-c", "sleep 1; cat > /dev/null"), big, false)));
      Thread.sleep(300);
      link.silence();
      assertThat(running)
          .failsWithin(quick.bound().plusSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SshException.class,
              e ->
                  assertThat(e.getMessage())
                      .isEqualTo(
                          "connection to mx1 lost while running a shell script: no answer to 2 keepalives in a row"
                              + " (one every 1 s): the network or the host went silent"));
    }
  }

  @Test
  void eachConnectionKeepsItsOwnHostsKeepalive() throws Exception {
    try (SilentLink quickLink = new SilentLink(server.port());
        SilentLink slowLink = new SilentLink(server.port());
        HostSession quick = open(quickLink, new KeepAlive(Duration.ofSeconds(1), 1));
        HostSession slow = open(slowLink, KeepAlive.DEFAULT)) {
      CompletableFuture<ExecResult> onQuick = sleep(quick, 30);
      CompletableFuture<ExecResult> onSlow = sleep(slow, 30);
      Thread.sleep(300);
      quickLink.silence();
      slowLink.silence();
      assertThat(onQuick).failsWithin(Duration.ofSeconds(5));
      assertThat(onSlow).as("15 s x 4: still waiting").isNotDone();
    }
  }

  @Test
  void aConnectionThatAnswersOutlivesManyIntervals() throws Exception {
    try (SilentLink link = new SilentLink(server.port());
        HostSession s = open(link, new KeepAlive(Duration.ofSeconds(1), 1))) {
      assertThat(sleep(s, 4).get(10, TimeUnit.SECONDS).succeeded()).isTrue();
    }
  }
}
