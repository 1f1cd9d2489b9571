package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.Become;
import dev.mailpush.inventory.SshConfig.HostKeyPolicy;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mailpush's own SSH transport ({@link SshConnector}) against real OpenSSH and real sudo in one
 * Debian 12 container shared by the class. Every test writes its own known_hosts from the host's
 * current key, so tests that regenerate the host key do not disturb the others.
 */
@RequiresDocker(suites = "bookworm")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshTransportE2ETest {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A fake /etc/shadow line: secret like a password hash, and must travel on stdin only. */
  private static final String HASH_LINE =
      "alice:$6$SECRETSALTe2e$SECRETHASHq1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvWxYz.e2eOnly/:19000:0:99999:7:::\n";

  private static final String HASH_MARKER = "SECRETHASH";

  private static TargetHost host;

  @TempDir Path dir;
  private final List<SshConnector> connectors = new ArrayList<>();
  private Path knownHosts;

  @BeforeAll
  static void startHost() {
    host = TargetHost.builder("bookworm").withPasswordSudoUser().start();
    System.out.printf("bookworm container ready in %d ms%n", host.startupTime().toMillis());
  }

  @AfterAll
  static void stopHost() {
    if (host != null) {
      host.close();
    }
  }

  @BeforeEach
  void trustTheHost() throws IOException {
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, host.hostKeyLine() + "\n");
  }

  @AfterEach
  void closeConnectors() {
    connectors.forEach(SshConnector::close);
  }

  // ---------------------------------------------------------------- host keys

  @Test
  void strictRefusesAnUnknownHostAndAChangedKeyNamingBothFingerprints() throws Exception {
    SshConnector connector = connector(Credentials.none());
    Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
    // What the hint tells the admin to run on the host's console must show the fingerprint in the
    // message.
    String console =
        host.exec("ssh-keygen", "-lf", "/etc/ssh/ssh_host_ed25519_key.pub")
            .requireSuccess("ssh-keygen -lf")
            .stdout();
    assertThat(console).contains(fingerprint(host.hostKeyLine()));
    assertThatThrownBy(
            () ->
                connector.open(
                    "mx1",
                    TargetHost.ADDRESS,
                    config(TargetHost.ADMIN, empty, HostKeyPolicy.STRICT)))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_UNKNOWN);
              assertThat(e.getMessage())
                  .contains("mx1", empty.toString(), fingerprint(host.hostKeyLine()));
              assertThat(e.hint())
                  .contains("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub", "accept-new");
            });
    assertThat(Files.readString(empty)).as("strict never writes known_hosts").isEmpty();

    String oldKey = host.hostKeyLine();
    host.restartSshdWithNewHostKey();
    String newKey = host.hostKeyLine();
    Path old = Files.writeString(dir.resolve("old_known_hosts"), oldKey + "\n");

    assertThatThrownBy(
            () ->
                connector.open(
                    "mx1", TargetHost.ADDRESS, config(TargetHost.ADMIN, old, HostKeyPolicy.STRICT)))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_CHANGED);
              assertThat(e.unreachable()).isTrue();
              assertThat(e.getMessage())
                  .contains("mx1", fingerprint(oldKey), fingerprint(newKey))
                  .containsSubsequence(fingerprint(oldKey), fingerprint(newKey));
              assertThat(e.hint())
                  .contains("ssh-keygen -R \"[127.0.0.1]:" + host.sshPort() + "\" -f " + old);
            });
    assertThat(Files.readString(old)).isEqualTo(oldKey + "\n");
  }

  @Test
  void acceptNewRecordsTheRealKeyThenStrictTrustsItButAChangedKeyIsStillRefused() throws Exception {
    Path file = dir.resolve("new/known_hosts"); // not even the directory exists yet
    SshConfig acceptNew = config(TargetHost.ADMIN, file, HostKeyPolicy.ACCEPT_NEW);
    SshConnector connector = connector(Credentials.none());

    try (HostSession s = connector.open("mx1", TargetHost.ADDRESS, acceptNew)) {
      assertThat(s.exec(user("echo", "hello")).stdoutText()).isEqualTo("hello\n");
    }
    assertThat(Files.readAllLines(file)).containsExactly(host.hostKeyLine());

    SshConfig strict = config(TargetHost.ADMIN, file, HostKeyPolicy.STRICT);
    try (HostSession s = connector.open("mx1", TargetHost.ADDRESS, strict)) {
      assertThat(s.exec(user("true")).succeeded()).isTrue();
    }
    // A later run (a fresh client) trusts it too, and accept-new does not add a duplicate.
    try (HostSession s = connector(Credentials.none()).open("mx1", TargetHost.ADDRESS, strict)) {
      assertThat(s.exec(user("true")).succeeded()).isTrue();
    }
    try (HostSession s = connector(Credentials.none()).open("mx1", TargetHost.ADDRESS, acceptNew)) {
      assertThat(s.exec(user("true")).succeeded()).isTrue();
    }
    assertThat(Files.readAllLines(file)).containsExactly(host.hostKeyLine());

    String recorded = host.hostKeyLine();
    host.restartSshdWithNewHostKey();
    assertThatThrownBy(
            () -> connector(Credentials.none()).open("mx1", TargetHost.ADDRESS, acceptNew))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.HOST_KEY_CHANGED);
              assertThat(e.getMessage())
                  .contains(fingerprint(recorded), fingerprint(host.hostKeyLine()));
            });
    assertThat(Files.readAllLines(file))
        .as("a changed key is never recorded")
        .containsExactly(recorded);
  }

  // ---------------------------------------------------------------- sudo

  @Test
  void nopasswdSudoRunsAsRootAndPlainExecAsTheUser() {
    try (HostSession s = open(TargetHost.ADMIN, Credentials.none())) {
      ExecResult root = s.exec(ExecRequest.root(List.of("id", "-u")));
      assertThat(root.exitCode()).as(root.stderrText()).isZero();
      assertThat(root.stdoutText()).isEqualTo("0\n");
      assertThat(s.execCount()).as("sudo probe + command").isEqualTo(2);

      ExecResult again = s.exec(ExecRequest.root(List.of("id", "-un")));
      assertThat(again.stdoutText()).isEqualTo("root\n");
      assertThat(s.execCount()).as("the probe is not repeated").isEqualTo(3);

      ExecResult plain = s.exec(user("id", "-u"));
      assertThat(plain.stdoutText().strip()).isEqualTo(uid(TargetHost.ADMIN)).isNotEqualTo("0");
      assertThat(s.execCount()).isEqualTo(4);

      ExecResult failing = s.exec(ExecRequest.root(List.of("sh", "-c", "echo oops >&2; exit 3")));
      assertThat(failing.exitCode()).isEqualTo(3);
      assertThat(failing.stderrText()).isEqualTo("oops\n");
    }
  }

  @Test
  void passwordSudoWorksWithTheRightPasswordOnly() {
    try (HostSession s = open(TargetHost.PWADMIN, password(TargetHost.PWADMIN_PASSWORD))) {
      ExecResult root = s.exec(ExecRequest.root(List.of("id", "-u")));
      assertThat(root.exitCode()).as(root.stderrText()).isZero();
      assertThat(root.stdoutText()).isEqualTo("0\n");
      assertThat(s.execCount()).as("probe + password check + command").isEqualTo(3);
      // timestamp_timeout=0 on the host: every later command must present the password again.
      assertThat(s.exec(ExecRequest.root(List.of("id", "-un"))).stdoutText()).isEqualTo("root\n");
      assertThat(s.execCount()).isEqualTo(4);
      assertThat(s.exec(user("id", "-u")).stdoutText().strip()).isEqualTo(uid(TargetHost.PWADMIN));
    }

    try (HostSession s = open(TargetHost.PWADMIN, Credentials.none())) {
      assertThat(s.exec(user("id", "-un")).stdoutText()).isEqualTo(TargetHost.PWADMIN + "\n");
      assertThatThrownBy(() -> s.exec(ExecRequest.root(List.of("id", "-u"))))
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_PASSWORD_REQUIRED);
                assertThat(e.getMessage()).contains(TargetHost.PWADMIN);
              });
    }

    String wrong = "not-the-pw-" + UUID.randomUUID();
    try (HostSession s = open(TargetHost.PWADMIN, password(wrong))) {
      Throwable t = catchThrowable(() -> s.exec(ExecRequest.root(List.of("id", "-u"))));
      assertThat(t)
          .isInstanceOfSatisfying(
              SshException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SshException.Kind.SUDO_REFUSED);
                assertThat(e.getMessage()).contains(TargetHost.PWADMIN);
              });
      assertThat(everything(t)).doesNotContain(wrong);
    }
  }

  // ---------------------------------------------------------------- upload

  @Test
  void uploadOfALargeBinaryFileIsAtomicByteExactAndLeavesNoTempFile() throws Exception {
    String dirOnHost = "/srv/mailpush-e2e-upload";
    host.exec("install", "-d", "-m", "755", dirOnHost).requireSuccess("mkdir");
    String path = dirOnHost + "/blob.bin";
    byte[] content = new byte[5 * 1024 * 1024];
    new Random(20240501L).nextBytes(content);

    try (HostSession s = open(TargetHost.ADMIN, Credentials.none())) {
      long begin = System.nanoTime();
      s.upload(path, content, "0640", "root", "adm");
      System.out.printf("5 MB upload in %d ms%n", (System.nanoTime() - begin) / 1_000_000);

      assertThat(host.exec("sha256sum", path).requireSuccess("sha256sum").stdout())
          .startsWith(sha256Hex(content) + " ");
      assertThat(host.exec("stat", "-c", "%a %U %G %s", path).stdout().strip())
          .isEqualTo("640 root adm " + content.length);
      assertThat(listing(dirOnHost)).containsExactly("blob.bin");

      // Overwriting replaces the file (a rename: new inode), again with nothing left behind.
      String inode = host.exec("stat", "-c", "%i", path).stdout().strip();
      byte[] smaller = "second version\n".getBytes(StandardCharsets.UTF_8);
      s.upload(path, smaller, "0600", null, null);
      assertThat(host.exec("cat", path).stdout()).isEqualTo("second version\n");
      assertThat(host.exec("stat", "-c", "%a %U %G", path).stdout().strip())
          .isEqualTo("600 root root");
      assertThat(host.exec("stat", "-c", "%i", path).stdout().strip()).isNotEqualTo(inode);
      assertThat(listing(dirOnHost)).containsExactly("blob.bin");

      // A failed upload (no such group) leaves the old file alone and removes its temp file.
      assertThatThrownBy(() -> s.upload(path, content, "0640", "root", "no-such-group"))
          .isInstanceOf(MailpushException.class)
          .hasMessageContaining(path);
      assertThat(host.exec("cat", path).stdout()).isEqualTo("second version\n");
      assertThat(listing(dirOnHost)).containsExactly("blob.bin");
    }
  }

  // ---------------------------------------------------------------- secrets

  @Test
  void sudoPasswordAndStdinSecretsNeverAppearOnACommandLineOrInAnError() throws Exception {
    String stop = "/run/mailpush-e2e-poll-" + UUID.randomUUID() + ".stop";
    String ready = stop.replace(".stop", ".ready");
    // One docker exec samples every process's full command line at ~20 Hz until told to stop,
    // then prints each distinct line with how often it was seen; @@tick counts the samples.
    String poller =
        String.join(
            "\n",
            "touch \"$2\"",
            "n=0",
            "while [ ! -e \"$1\" ] && [ \"$n\" -lt 1200 ]; do",
            "  echo @@tick",
            "  ps -e -ww -o args=",
            "  n=$((n + 1))",
            "  sleep 0.05",
            "done | sort | uniq -c");
    CompletableFuture<TargetHost.Result> polling =
        CompletableFuture.supplyAsync(() -> host.exec("sh", "-c", poller, "poller", stop, ready));
    List<Throwable> errors = new ArrayList<>();
    try {
      awaitFile(ready);
      byte[] hash = HASH_LINE.getBytes(StandardCharsets.UTF_8);
      HostSession closed;
      try (HostSession s = open(TargetHost.PWADMIN, password(TargetHost.PWADMIN_PASSWORD))) {
        for (int i = 0; i < 3; i++) {
          ExecResult r =
              s.exec(ExecRequest.root(List.of("sh", "-c", "cat >/dev/null; sleep 1"), hash));
          assertThat(r.exitCode()).as(r.stderrText()).isZero();
        }
        // The command gets exactly its own stdin: sudo consumed the password line and nothing more.
        ExecResult echoed = s.exec(ExecRequest.root(List.of("cat"), hash));
        assertThat(echoed.stdoutText()).isEqualTo(HASH_LINE);
        assertThat(echoed.stderrText()).isEmpty();

        // Failures around secrets: the error text must not quote them.
        errors.add(
            catchThrowable(
                () -> s.upload("/nonexistent-dir/shadow", hash, "0640", "root", "shadow")));
        closed = s;
      }
      HostSession gone = closed;
      errors.add(
          catchThrowable(() -> gone.exec(ExecRequest.root(List.of("chpasswd", "-e"), hash))));
    } finally {
      host.exec("touch", stop);
    }
    TargetHost.Result sampled = polling.get(30, TimeUnit.SECONDS);
    assertThat(sampled.exitCode()).as(sampled.stderr()).isZero();
    String seen = sampled.stdout();

    // The poller must have worked: many samples, and it caught the commands of this test.
    int ticks =
        seen.lines()
            .filter(l -> l.endsWith(" @@tick"))
            .mapToInt(l -> Integer.parseInt(l.strip().split(" ")[0]))
            .findFirst()
            .orElse(0);
    assertThat(ticks).as("samples taken while 4 commands ran for 3+ s").isGreaterThanOrEqualTo(10);
    assertThat(seen).as("the poller saw the remote commands").contains("sleep 1");
    assertThat(seen.lines())
        .as("the poller saw sudo reading its password from stdin")
        .anyMatch(
            l ->
                l.contains("sudo ")
                    && l.contains(" -S ")
                    && l.endsWith("sh -c cat >/dev/null; sleep 1"));

    assertThat(seen).doesNotContain(TargetHost.PWADMIN_PASSWORD).doesNotContain(HASH_MARKER);
    assertThat(errors).hasSize(2).allSatisfy(t -> assertThat(t).isNotNull());
    assertThat(errors.get(0)).isInstanceOf(MailpushException.class);
    assertThat(errors.get(1))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> assertThat(e.kind()).isEqualTo(SshException.Kind.CONNECTION_LOST));
    for (Throwable t : errors) {
      assertThat(everything(t))
          .doesNotContain(TargetHost.PWADMIN_PASSWORD)
          .doesNotContain(HASH_MARKER);
    }
  }

  // ---------------------------------------------------------------- unreachable

  @Test
  void closedPortIsUnreachableAndAWrongKeyIsAuthRefusedNamingTheUser() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(TargetHost.ADDRESS))) {
      closed = s.getLocalPort();
    }
    SshConnector connector = connector(Credentials.none());
    SshConfig toClosed =
        new SshConfig(
            TargetHost.ADMIN,
            closed,
            Optional.of(host.identityFile()),
            knownHosts,
            HostKeyPolicy.STRICT,
            Become.SUDO,
            Optional.empty(),
            CONNECT_TIMEOUT);
    assertThatThrownBy(() -> connector.open("mx1", TargetHost.ADDRESS, toClosed))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.UNREACHABLE);
              assertThat(e.unreachable()).isTrue();
              assertThat(e.getMessage())
                  .contains("mx1", "127.0.0.1:" + closed, "connection refused");
              assertThat(e.hint()).contains("sshd listens on that port");
            });

    Path otherKey = writeKey(dir.resolve("id_other"), KeyUtils.generateKeyPair("ssh-ed25519", 256));
    SshConfig wrongKey =
        new SshConfig(
            TargetHost.ADMIN,
            host.sshPort(),
            Optional.of(otherKey),
            knownHosts,
            HostKeyPolicy.STRICT,
            Become.SUDO,
            Optional.empty(),
            CONNECT_TIMEOUT);
    assertThatThrownBy(() -> connector.open("mx1", TargetHost.ADDRESS, wrongKey))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.AUTH_REFUSED);
              assertThat(e.getMessage())
                  .contains("mx1", "user " + TargetHost.ADMIN, otherKey.toString());
              assertThat(e.hint()).contains("authorized_keys");
            });

    SshConfig noSuchUser =
        new SshConfig(
            "nobody-here",
            host.sshPort(),
            Optional.of(host.identityFile()),
            knownHosts,
            HostKeyPolicy.STRICT,
            Become.SUDO,
            Optional.empty(),
            CONNECT_TIMEOUT);
    assertThatThrownBy(() -> connector.open("mx1", TargetHost.ADDRESS, noSuchUser))
        .isInstanceOfSatisfying(
            SshException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SshException.Kind.AUTH_REFUSED);
              assertThat(e.getMessage()).contains("user nobody-here");
            });
  }

  // ---------------------------------------------------------------- helpers

  /** A connector whose home is this test's temp dir: nothing from the real ~/.ssh is used. */
  private SshConnector connector(Credentials credentials) {
    SshConnector c = new SshConnector(credentials, dir);
    connectors.add(c);
    return c;
  }

  private HostSession open(String user, Credentials credentials) {
    return connector(credentials)
        .open("mx1", TargetHost.ADDRESS, config(user, knownHosts, HostKeyPolicy.STRICT));
  }

  private static SshConfig config(String user, Path knownHosts, HostKeyPolicy policy) {
    return new SshConfig(
        user,
        host.sshPort(),
        Optional.of(host.identityFile()),
        knownHosts,
        policy,
        Become.SUDO,
        Optional.empty(),
        CONNECT_TIMEOUT);
  }

  private static ExecRequest user(String... argv) {
    return new ExecRequest(List.of(argv), new byte[0], false);
  }

  private static String uid(String user) {
    return host.exec("id", "-u", user).requireSuccess("id").stdout().strip();
  }

  private static List<String> listing(String dirOnHost) {
    return host.exec("ls", "-A", dirOnHost).requireSuccess("ls").stdout().lines().toList();
  }

  private static void awaitFile(String path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (host.exec("test", "-e", path).exitCode() != 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the process poller did not start");
      }
      Thread.sleep(50);
    }
  }

  private record FixedCredentials(Optional<Secret> become) implements Credentials {
    @Override
    public Optional<Secret> keyPassphrase(String keyFile) {
      return Optional.empty();
    }

    @Override
    public Optional<Secret> becomePassword() {
      return become;
    }
  }

  private static Credentials password(String password) {
    return new FixedCredentials(Optional.of(new Secret(password)));
  }

  /** Message, hint and toString of an exception and all its causes. */
  private static String everything(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      all.append(c).append('\n').append(c.getMessage()).append('\n');
      if (c instanceof MailpushException m) {
        all.append(m.hint()).append('\n');
      }
    }
    return all.toString();
  }

  /**
   * OpenSSH's fingerprint of a known_hosts line: SHA256 of the key blob, base64 without padding.
   */
  private static String fingerprint(String knownHostsLine) {
    String[] fields = knownHostsLine.trim().split("\\s+");
    byte[] blob = Base64.getDecoder().decode(fields[2]);
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(blob));
  }

  private static String sha256Hex(byte[] content) {
    return HexFormat.of().formatHex(sha256(content));
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path writeKey(Path file, KeyPair key)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "other", null, out);
    }
    return file;
  }
}
