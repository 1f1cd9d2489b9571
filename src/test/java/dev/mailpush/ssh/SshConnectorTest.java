package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.Become;
import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import dev.mailpush.inventory.SshConfig.JumpHost;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConnectorTest {
  private static final String USER = System.getProperty("user.name");

  @TempDir Path dir;
  private KeyPair userKey;
  private Path keyFile;
  private Path knownHosts;
  private TestServer server;
  private SshConnector connector;

  @BeforeEach
  void start() throws Exception {
    userKey = TestServer.ed25519();
    keyFile = TestServer.writeKey(dir.resolve("id_ed25519"), userKey, null);
    knownHosts = dir.resolve("ssh/known_hosts");
    server = new TestServer(userKey.getPublic());
    connector = new SshConnector(Credentials.none(), dir);
  }

  @AfterEach
  void stop() throws IOException {
    connector.close();
    server.close();
  }

  private SshConfig config(HostKeyPolicy policy, Path key, int port) {
    return new SshConfig(
        USER,
        port,
        Optional.of(key),
        knownHosts,
        policy,
        Become.NONE,
        Optional.empty(),
        Duration.ofSeconds(5));
  }

  private SshConfig config(HostKeyPolicy policy) {
    return config(policy, keyFile, server.port());
  }

  private void trustServer() throws IOException {
    Files.createDirectories(knownHosts.getParent());
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:"
            + server.port()
            + " "
            + PublicKeyEntry.toString(server.hostKey.getPublic())
            + "\n");
  }

  private HostSession open() throws IOException {
    trustServer();
    return connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.STRICT));
  }

  private static ExecResult run(HostSession s, String... argv) {
    return s.exec(new ExecRequest(List.of(argv), new byte[0], false));
  }

  @Test
  void mlKemIsChosenWhenTheServerOffersItAndTheOtherExchangesKeepMinasOrder() throws IOException {
    try (HostSession s = open()) {
      assertThat(((MinaHostSession) s).keyExchange()).isEqualTo(KexPreference.FIRST);
    }
    List<String> mina =
        org.apache.sshd.common.BaseBuilder.DEFAULT_KEX_PREFERENCE.stream()
            .filter(f -> f.isSupported())
            .map(f -> f.getName())
            .toList();
    assertThat(mina).contains(KexPreference.FIRST).first().isNotEqualTo(KexPreference.FIRST);
    List<String> ours =
        KexPreference.mlkemFirst(
                org.apache.sshd.common.BaseBuilder.DEFAULT_KEX_PREFERENCE.stream()
                    .filter(f -> f.isSupported())
                    .toList())
            .stream()
            .map(f -> f.getName())
            .toList();
    assertThat(ours.get(0)).isEqualTo(KexPreference.FIRST);
    assertThat(ours.subList(1, ours.size()))
        .containsExactlyElementsOf(
            mina.stream().filter(n -> !n.equals(KexPreference.FIRST)).toList());
  }

  @Test
  void execReturnsStdoutStderrAndExitCode() throws IOException {
    try (HostSession s = open()) {
      ExecResult r = run(s, "sh", "-c", "echo out; echo err >&2; exit 3");
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stdoutText()).isEqualTo("out\n");
      assertThat(r.stderrText()).isEqualTo("err\n");
      assertThat(run(s, "true").succeeded()).isTrue();
    }
  }

  @Test
  void stdinIsDeliveredThenClosed() throws IOException {
    try (HostSession s = open()) {
      byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
      ExecResult r = s.exec(new ExecRequest(List.of("cat"), input, false));
      assertThat(r.stdout()).isEqualTo(input);
      assertThat(s.bytesSent()).isEqualTo("cat".length() + input.length);
    }
  }

  @Test
  void hostileArgumentsReachTheProcessByteExact() throws IOException {
    List<String> hostile =
        List.of(
            "it's",
            "$(touch " + dir.resolve("pwned") + ")",
            "a; rm -rf /",
            "two\nlines",
            " spaced  out ",
            "",
            "`id`",
            "*",
            "~",
            "A=b",
            "\\",
            "\"q\"",
            "é ü");
    try (HostSession s = open()) {
      List<String> argv = new java.util.ArrayList<>(List.of("printf", "%s\\0"));
      argv.addAll(hostile);
      ExecResult r = run(s, argv.toArray(String[]::new));
      assertThat(r.exitCode()).isZero();
      String expected = String.join("\0", hostile) + "\0";
      assertThat(r.stdoutText()).isEqualTo(expected);
      assertThat(dir.resolve("pwned")).doesNotExist();
    }
  }

  @Test
  void uploadsLargeBinaryFilesAtomicallyWithMode() throws IOException {
    byte[] content = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(content);
    Path target = dir.resolve("out/file.bin");
    Files.createDirectories(target.getParent());
    try (HostSession s = open()) {
      s.upload(target.toString(), content, "0640", null, null);
      assertThat(Files.readAllBytes(target)).isEqualTo(content);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
          .isEqualTo("rw-r-----");
      // A second write replaces the file and leaves no temp file behind.
      s.upload(target.toString(), "small".getBytes(StandardCharsets.UTF_8), "0600", null, null);
      assertThat(Files.readString(target)).isEqualTo("small");
      try (var files = Files.list(target.getParent())) {
        assertThat(files).containsExactly(target);
      }
      assertThat(s.execCount()).isEqualTo(2);
    }
  }

  @Test
  void uploadFailureNamesThePathAndRemoteError() throws IOException {
    String missing = dir.resolve("no/such/dir/file").toString();
    try (HostSession s = open()) {
      assertThatThrownBy(() -> s.upload(missing, new byte[] {1}, "0644", null, null))
          .isInstanceOf(MailpushException.class)
          .hasMessageContaining(missing)
          .hasMessageContaining("mktemp");
    }
  }

  @Test
  void oneSessionServesEveryExec() throws IOException {
    try (HostSession s = open()) {
      for (int i = 0; i < 5; i++) {
        assertThat(run(s, "echo", String.valueOf(i)).stdoutText()).isEqualTo(i + "\n");
      }
      assertThat(s.execCount()).isEqualTo(5);
      assertThat(server.sessions.get()).isEqualTo(1);
    }
  }

  @Test
  void strictRefusesAnUnknownHostKey() {
    assertThatThrownBy(() -> connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.STRICT)))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);
              assertThat(e.getMessage())
                  .contains(KeyUtils.getFingerPrint(server.hostKey.getPublic()));
              assertThat(e.hint())
                  .contains("accept-new")
                  .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1");
            });
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void changedHostKeyIsRefusedUnderBothPolicies() throws Exception {
    KeyPair old = TestServer.ed25519();
    Files.createDirectories(knownHosts.getParent());
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(old.getPublic()) + "\n");
    for (HostKeyPolicy policy : HostKeyPolicy.values()) {
      assertThatThrownBy(() -> connector.open("mx1", "127.0.0.1", config(policy)))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_CHANGED);
                assertThat(e.getMessage())
                    .contains(KeyUtils.getFingerPrint(old.getPublic()))
                    .contains(KeyUtils.getFingerPrint(server.hostKey.getPublic()));
                assertThat(e.hint())
                    .contains(
                        "ssh-keygen -R \"[127.0.0.1]:" + server.port() + "\" -f " + knownHosts);
              });
    }
    assertThat(Files.readAllLines(knownHosts)).hasSize(1);
  }

  @Test
  void acceptNewRecordsTheKeyThenStrictAcceptsIt() throws Exception {
    try (HostSession s = connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.ACCEPT_NEW))) {
      assertThat(run(s, "true").succeeded()).isTrue();
    }
    String entry =
        "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(server.hostKey.getPublic());
    assertThat(Files.readAllLines(knownHosts)).containsExactly(entry);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts.getParent())))
        .isEqualTo("rwx------");
    try (SshConnector fresh = new SshConnector(Credentials.none(), dir);
        HostSession s = fresh.open("mx1", "127.0.0.1", config(HostKeyPolicy.STRICT))) {
      assertThat(run(s, "true").succeeded()).isTrue();
    }
    // A second accept-new connection does not duplicate the line.
    try (HostSession s = connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.ACCEPT_NEW))) {
      assertThat(s.execCount()).isZero();
    }
    assertThat(Files.readAllLines(knownHosts)).hasSize(1);
  }

  @Test
  void acceptNewEntryIsReadableByOpenSsh() throws Exception {
    assumeThat(Path.of("/usr/bin/ssh-keygen")).exists();
    connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.ACCEPT_NEW)).close();
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-F", "[127.0.0.1]:" + server.port(), "-f", knownHosts.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("ssh-ed25519");
  }

  @Test
  void wrongKeyIsAuthRefusedNamingUserAndKeyFile() throws Exception {
    Path other = TestServer.writeKey(dir.resolve("other_key"), TestServer.ed25519(), null);
    trustServer();
    assertThatThrownBy(
            () ->
                connector.open(
                    "mx1", "127.0.0.1", config(HostKeyPolicy.STRICT, other, server.port())))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.AUTH_REFUSED);
              assertThat(e.getMessage()).contains(USER).contains(other.toString());
            });
  }

  @Test
  void closedPortIsUnreachable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(
            () -> connector.open("mx1", "127.0.0.1", config(HostKeyPolicy.STRICT, keyFile, port)))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.UNREACHABLE);
              assertThat(e.getMessage())
                  .contains("connection refused")
                  .contains("127.0.0.1:" + port);
            });
  }

  @Test
  void silentPortTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SshConfig quick =
          new SshConfig(
              USER,
              silent.getLocalPort(),
              Optional.of(keyFile),
              knownHosts,
              HostKeyPolicy.STRICT,
              Become.NONE,
              Optional.empty(),
              Duration.ofMillis(500));
      assertThatThrownBy(() -> connector.open("mx1", "127.0.0.1", quick))
          .isInstanceOfSatisfying(
              SshException.class, e -> assertThat(e.kind()).isEqualTo(SshException.Kind.TIMEOUT));
    }
  }

  @Test
  void passphraseProtectedKeyUsesCredentials() throws Exception {
    Path encrypted = TestServer.writeKey(dir.resolve("id_enc"), userKey, "s3cret pass");
    trustServer();
    Credentials creds =
        new FixedCredentials(Optional.of(new Secret("s3cret pass")), Optional.empty());
    try (SshConnector c = new SshConnector(creds, dir);
        HostSession s =
            c.open("mx1", "127.0.0.1", config(HostKeyPolicy.STRICT, encrypted, server.port()))) {
      assertThat(run(s, "echo", "ok").stdoutText()).isEqualTo("ok\n");
    }
  }

  @Test
  void encryptedKeyWithoutOrWithWrongPassphraseIsKeyUnreadable() throws Exception {
    Path encrypted = TestServer.writeKey(dir.resolve("id_enc"), userKey, "right");
    SshConfig cfg = config(HostKeyPolicy.STRICT, encrypted, server.port());
    assertThatThrownBy(() -> connector.open("mx1", "127.0.0.1", cfg))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.KEY_UNREADABLE);
              assertThat(e.hint()).contains("MAILPUSH_KEY_PASSPHRASE");
            });
    Credentials wrong = new FixedCredentials(Optional.of(new Secret("wrong")), Optional.empty());
    try (SshConnector c = new SshConnector(wrong, dir)) {
      assertThatThrownBy(() -> c.open("mx1", "127.0.0.1", cfg))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.KEY_UNREADABLE);
                assertThat(e.getMessage()).contains("wrong passphrase").doesNotContain("wrong\"");
              });
    }
  }

  @Test
  void defaultKeysComeFromHomeSsh() throws Exception {
    Files.createDirectories(dir.resolve(".ssh"));
    Files.copy(keyFile, dir.resolve(".ssh/id_ed25519"));
    trustServer();
    SshConfig cfg =
        new SshConfig(
            USER,
            server.port(),
            Optional.empty(),
            knownHosts,
            HostKeyPolicy.STRICT,
            Become.NONE,
            Optional.empty(),
            Duration.ofSeconds(5));
    try (HostSession s = connector.open("mx1", "127.0.0.1", cfg)) {
      assertThat(run(s, "true").succeeded()).isTrue();
    }
  }

  @Test
  void droppedConnectionMidCommandIsConnectionLost() throws IOException {
    try (HostSession s = open()) {
      CompletableFuture<ExecResult> running =
          CompletableFuture.supplyAsync(() -> run(s, "sleep", "10"));
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.dropAllSessions();
      assertThat(running)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              SshException.class,
              e -> assertThat(e.kind()).isEqualTo(SshException.Kind.CONNECTION_LOST));
      assertThatThrownBy(() -> run(s, "true"))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> assertThat(e.kind()).isEqualTo(SshException.Kind.CONNECTION_LOST));
    }
  }

  @Test
  void jumpHostTunnelsAndBothKeysAreVerified() throws Exception {
    try (TestServer bastion = new TestServer(userKey.getPublic())) {
      SshConfig viaJump =
          new SshConfig(
              USER,
              server.port(),
              Optional.of(keyFile),
              knownHosts,
              HostKeyPolicy.STRICT,
              Become.NONE,
              Optional.of(new JumpHost(USER, "127.0.0.1", bastion.port())),
              Duration.ofSeconds(5));
      // Strict with nothing known: the jump host is refused first.
      assertThatThrownBy(() -> connector.open("mx1", "127.0.0.1", viaJump))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);
                assertThat(e.getMessage())
                    .contains("jump host")
                    .contains(KeyUtils.getFingerPrint(bastion.hostKey.getPublic()));
              });
      trustServer();
      Files.writeString(
          knownHosts,
          "[127.0.0.1]:"
              + bastion.port()
              + " "
              + PublicKeyEntry.toString(bastion.hostKey.getPublic())
              + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      try (HostSession s = connector.open("mx1", "127.0.0.1", viaJump)) {
        assertThat(run(s, "echo", "through").stdoutText()).isEqualTo("through\n");
      }
      assertThat(bastion.sessions.get()).isEqualTo(2);
      assertThat(server.sessions.get()).isEqualTo(1);
    }
  }

  /** Credentials with fixed answers. */
  record FixedCredentials(Optional<Secret> passphrase, Optional<Secret> become)
      implements Credentials {
    @Override
    public Optional<Secret> keyPassphrase(String keyFile) {
      return passphrase;
    }

    @Override
    public Optional<Secret> becomePassword() {
      return become;
    }
  }
}
