package dev.mailpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's pure parts: docker arguments, parsing docker's output, the inventory and the key.
 */
class SandboxTest {
  @TempDir Path dir;

  private Sandbox sandbox(String name) {
    return new Sandbox(name, "bookworm", dir.resolve(name));
  }

  @Test
  void runArgumentsStartSystemdAndPublishEveryPortOnLoopbackOnly() {
    List<String> args = sandbox("demo").runArgs();

    assertThat(args)
        .startsWith("run", "--detach", "--name", "mailpush-sandbox-demo")
        .endsWith("mailpush-target:bookworm", "/sbin/init")
        .contains(
            "--cgroupns=host",
            "container=docker",
            "SYS_ADMIN",
            "SYS_PTRACE",
            "NET_ADMIN",
            "seccomp=unconfined",
            "mailpush-sandbox=1",
            "mailpush-sandbox.name=demo",
            "mailpush-sandbox.dir=" + dir.resolve("demo"))
        .as("Docker's DNS, not the tests' loopback resolver")
        .doesNotContain("--dns")
        .doesNotContain("--privileged");
    List<String> published = new java.util.ArrayList<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals("--publish")) {
        published.add(args.get(i + 1));
      }
    }
    assertThat(published)
        .containsExactly(
            "127.0.0.1::22",
            "127.0.0.1::25",
            "127.0.0.1::465",
            "127.0.0.1::587",
            "127.0.0.1::143",
            "127.0.0.1::993",
            "127.0.0.1::4190");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Demo",
        "-x",
        "a b",
        "a/b",
        "x_y",
        "this-name-is-far-too-long-for-a-sandbox-name-really"
      })
  void badNamesAreRefusedWithTheRule(String name) {
    assertThatThrownBy(() -> sandbox(name))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("lower-case");
  }

  @Test
  void unknownSuiteIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> new Sandbox("demo", "buster", dir))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("bullseye, bookworm, trixie");
  }

  @Test
  void dockerPortOutputGivesHostPortsPreferringTheFirstBinding() {
    PortMap ports =
        PortMap.fromDockerPort(
            """
        22/tcp -> 127.0.0.1:32781
        25/tcp -> 127.0.0.1:32780
        25/tcp -> [::1]:32790
        993/tcp -> 127.0.0.1:32776
        """);

    assertThat(ports.hostPort(22)).isEqualTo(32781);
    assertThat(ports.hostPort(25)).isEqualTo(32780);
    assertThat(ports.hostPort(587)).isEqualTo(-1);
    assertThat(ports.describe())
        .isEqualTo(
            "ssh 22 -> 127.0.0.1:32781, smtp 25 -> 127.0.0.1:32780, imaps 993 -> 127.0.0.1:32776");
    assertThat(ports.compact()).isEqualTo("127.0.0.1: ssh 32781, smtp 32780, imaps 32776");
    assertThat(ports.verifyPortMap())
        .as("what verify --port-map takes: mail ports only")
        .isEqualTo("25=32780,993=32776");
  }

  @Test
  void dockerPsLinesBecomeSandboxesSortedByName() {
    List<RunningSandbox> list =
        SandboxListing.parse(
            """
        mailpush-sandbox-zed\ttrixie\tUp 2 minutes\t127.0.0.1:32768->22/tcp, 127.0.0.1:32769->25/tcp
        mailpush-sandbox-old\t<no value>\tExited (137) 1 hour ago\t
        """);

    assertThat(list).extracting(RunningSandbox::name).containsExactly("old", "zed");
    assertThat(list.get(0).suite()).isEqualTo("?");
    assertThat(list.get(0).ports().ports()).isEmpty();
    assertThat(list.get(1).suite()).isEqualTo("trixie");
    assertThat(list.get(1).ports().hostPort(22)).isEqualTo(32768);
    assertThat(list.get(1).ports().hostPort(25)).isEqualTo(32769);
  }

  @Test
  void writtenInventoryLoadsAndPointsAtTheSandbox() throws Exception {
    Sandbox s = sandbox("demo");
    Files.createDirectories(s.dir());
    Files.writeString(s.inventory(), SandboxInventory.render(s, 32781));

    Inventory inv = new InventoryLoader().load(s.inventory());

    HostConfig host = inv.hosts().get(0);
    assertThat(host.name()).isEqualTo("demo");
    assertThat(host.address()).isEqualTo("127.0.0.1");
    assertThat(host.ssh().port()).isEqualTo(32781);
    assertThat(host.ssh().user()).isEqualTo("admin");
    assertThat(host.ssh().identityFile()).contains(s.identity());
    assertThat(host.ssh().knownHosts()).isEqualTo(s.knownHosts());
  }

  @Test
  void snippetAddsTheSandboxToAnotherInventoryWithItsOwnSshSettings() throws Exception {
    Sandbox s = sandbox("demo");
    Path mine = dir.resolve("mine.toml");
    Files.writeString(
        mine,
        """
        [ssh]
        user = "root"
        identity_file = "/home/me/.ssh/id_ed25519"

        [mail]
        virtual_domains = ["example.com"]
        [mail.virtual_addresses]
        "me@example.com" = "me"

        [hosts.mx1]
        address = "203.0.113.10"
        hostname = "mail.example.com"

        """
            + SandboxInventory.snippet(s, 40022));

    Inventory inv = new InventoryLoader().load(mine);

    HostConfig demo =
        inv.hosts().stream().filter(h -> h.name().equals("demo")).findFirst().orElseThrow();
    assertThat(demo.ssh().port()).isEqualTo(40022);
    assertThat(demo.ssh().user()).isEqualTo("admin");
    assertThat(demo.ssh().identityFile()).isEqualTo(Optional.of(s.identity()));
    assertThat(
            inv.hosts().stream()
                .filter(h -> h.name().equals("mx1"))
                .findFirst()
                .orElseThrow()
                .ssh()
                .user())
        .isEqualTo("root");
  }

  @Test
  void keyIsPrivateAndReadableAsAnOpenSshKey() throws Exception {
    Path identity = dir.resolve("id_ed25519");

    String publicLine = SandboxKey.write(identity);

    assertThat(Files.getPosixFilePermissions(identity))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    assertThat(publicLine).startsWith("ssh-ed25519 AAAA").endsWith(" mailpush-sandbox");
    assertThat(Files.readString(dir.resolve("id_ed25519.pub")).strip()).isEqualTo(publicLine);
    var pairs =
        SecurityUtils.loadKeyPairIdentities(
            null,
            () -> identity.toString(),
            Files.newInputStream(identity),
            FilePasswordProvider.EMPTY);
    assertThat(pairs).hasSize(1);
  }

  @Test
  void missingDockerClientSaysHowToInstallIt() {
    Docker docker = new Docker("/nonexistent/docker");

    assertThatThrownBy(docker::requireEngine)
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("not installed")
        .satisfies(e -> assertThat(((SandboxException) e).hint()).contains("docker.io"));
  }

  @Test
  void engineThatDoesNotAnswerSaysHowToStartIt() throws Exception {
    // A stand-in client that fails as docker does when no engine runs.
    Path fake = dir.resolve("docker");
    Files.writeString(
        fake,
        "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2\nexit 1\n");
    fake.toFile().setExecutable(true);

    assertThatThrownBy(() -> new Docker(fake.toString()).requireEngine())
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("not running")
        .hasMessageContaining("Cannot connect")
        .satisfies(
            e -> assertThat(((SandboxException) e).hint()).contains("systemctl start docker"));
  }
}
