package dev.mailpush.testhosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.mailpush.sandbox.Docker;
import dev.mailpush.sandbox.SystemdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;

/**
 * Proves the target images and the harness with the machine's real OpenSSH client, before
 * mailpush's own transport relies on them.
 */
@RequiresDocker
class TargetHostE2ETest {

  @ParameterizedTest
  @ValueSource(strings = {"bookworm", "trixie"})
  void adminBecomesRootWithoutPasswordAndPwadminOnlyWithIt(String suite, @TempDir Path dir) {
    try (TargetHost host = TargetHost.builder(suite).withPasswordSudoUser().start()) {
      System.out.printf("%s container ready in %d ms%n", suite, host.startupTime().toMillis());
      TestInventory inv = TestInventory.builder(dir).host("mx1", host).write();

      assertThat(
              host.exec("sh", "-c", ". /etc/os-release && echo $VERSION_CODENAME").stdout().strip())
          .isEqualTo(suite);
      assertThat(host.exec("systemctl", "is-system-running", "--wait").stdout().strip())
          .isIn("running", "degraded");

      TargetHost.Result admin =
          OpenSsh.run(host, inv.knownHosts(), TargetHost.ADMIN, "", "sudo -n id -u");
      assertThat(admin.exitCode()).as(admin.stderr()).isZero();
      assertThat(admin.stdout().strip()).isEqualTo("0");

      TargetHost.Result noPassword =
          OpenSsh.run(host, inv.knownHosts(), TargetHost.PWADMIN, "", "sudo -n id -u");
      assertThat(noPassword.exitCode()).isNotZero();
      assertThat(noPassword.stderr()).contains("password is required");

      TargetHost.Result wrongPassword =
          OpenSsh.run(host, inv.knownHosts(), TargetHost.PWADMIN, "wrong\n", "sudo -S -p '' id -u");
      assertThat(wrongPassword.exitCode()).isNotZero();

      TargetHost.Result withPassword =
          OpenSsh.run(
              host,
              inv.knownHosts(),
              TargetHost.PWADMIN,
              TargetHost.PWADMIN_PASSWORD + "\n",
              "sudo -S -p '' id -u");
      assertThat(withPassword.exitCode()).as(withPassword.stderr()).isZero();
      assertThat(withPassword.stdout().strip()).isEqualTo("0");

      for (String user : List.of(TargetHost.ADMIN, TargetHost.PWADMIN)) {
        String home = "/home/" + user;
        assertThat(
                host.exec("stat", "-c", "%a %U", home + "/.ssh", home + "/.ssh/authorized_keys")
                    .stdout()
                    .lines())
            .as(user)
            .containsExactly("700 " + user, "600 " + user);
      }
    }
  }

  /**
   * The two renderings of the one {@link SystemdContainer} definition start the same container: the
   * docker CLI arguments (the sandbox's and the bench's) and the tests' Testcontainers create
   * command.
   */
  @Test
  void theDockerCliAndTestcontainersStartTheSameContainer() {
    TargetHost.Builder builder =
        TargetHost.builder("bookworm").publish(25).tmpfs("/srv/small", "size=256k");
    try (TargetHost host = builder.start()) {
      List<String> run = new ArrayList<>(List.of("run"));
      run.addAll(builder.target().runArgs());
      Docker.Result started = new Docker().run(run);
      assertThat(started.exitCode()).as(started.stderr()).isZero();
      String cliId = started.stdout().strip();
      try {
        InspectContainerResponse viaCli = inspect(cliId);
        InspectContainerResponse viaTestcontainers = inspect(host.containerId());
        assertThat(settings(viaTestcontainers)).isEqualTo(settings(viaCli));
        assertThat(viaTestcontainers.getConfig().getLabels())
            .containsAllEntriesOf(viaCli.getConfig().getLabels());
        assertThat(Arrays.asList(viaCli.getHostConfig().getCapAdd()).toString())
            .contains("NET_ADMIN");
      } finally {
        new Docker().run(List.of("rm", "--force", cliId));
      }
    }
  }

  private static InspectContainerResponse inspect(String id) {
    return DockerClientFactory.instance().client().inspectContainerCmd(id).exec();
  }

  /**
   * What a {@link SystemdContainer} sets, as the engine recorded it: each as text, so that arrays
   * compare.
   */
  private static Map<String, String> settings(InspectContainerResponse c) {
    HostConfig hc = c.getHostConfig();
    Map<String, List<String>> ports = new TreeMap<>();
    hc.getPortBindings()
        .getBindings()
        .forEach(
            (port, bindings) ->
                ports.put(
                    port.toString(), Arrays.stream(bindings).map(b -> b.getHostIp()).toList()));
    return Map.of(
        // The CLI sorts capabilities; the order has no meaning.
        "capabilities",
            String.valueOf(Arrays.stream(hc.getCapAdd()).map(String::valueOf).sorted().toList()),
        "security options", String.valueOf(hc.getSecurityOpts()),
        "binds", Arrays.toString(hc.getBinds()),
        "cgroupns", String.valueOf(hc.getCgroupnsMode()),
        "tmpfs", String.valueOf(new TreeMap<>(hc.getTmpFs())),
        "dns", Arrays.toString(hc.getDns()),
        "extra hosts", Arrays.toString(hc.getExtraHosts()),
        "ports", ports.toString(),
        "env", String.valueOf(new TreeSet<>(Arrays.asList(c.getConfig().getEnv()))),
        "command", Arrays.toString(c.getConfig().getCmd()));
  }

  @Test
  void changedHostKeyIsRefusedUntilKnownHostsIsUpdated(@TempDir Path dir) throws Exception {
    try (TargetHost host = TargetHost.start("bookworm")) {
      TestInventory inv = TestInventory.builder(dir).host("mx1", host).write();
      String oldKey = host.hostKeyLine();

      host.restartSshdWithNewHostKey();

      assertThat(host.hostKeyLine())
          .isNotEqualTo(oldKey)
          .startsWith("[127.0.0.1]:" + host.sshPort() + " ssh-ed25519 AAAA");
      TargetHost.Result refused = OpenSsh.run(host, inv.knownHosts(), TargetHost.ADMIN, "", "true");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");

      Files.writeString(inv.knownHosts(), host.hostKeyLine() + "\n");
      assertThat(OpenSsh.run(host, inv.knownHosts(), TargetHost.ADMIN, "", "true").exitCode())
          .isZero();
    }
  }

  @Test
  void unknownHostIsRefused(@TempDir Path dir) {
    try (TargetHost host = TargetHost.start("trixie")) {
      TestInventory inv = TestInventory.builder(dir).emptyKnownHosts().host("mx1", host).write();

      TargetHost.Result refused = OpenSsh.run(host, inv.knownHosts(), TargetHost.ADMIN, "", "true");

      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("Host key verification failed");
    }
  }

  @Test
  void threeHostsStartInParallelWithTheirOwnKeysAndPortsAndAreRemoved(@TempDir Path dir) {
    long begin = System.nanoTime();
    List<String> ids;
    try (TargetHosts hosts =
        TargetHosts.start(3, TargetHost.builder("bookworm").publish(25, 587, 993))) {
      Duration all = Duration.ofNanos(System.nanoTime() - begin);
      System.out.printf("3 containers ready in parallel in %d ms%n", all.toMillis());

      TestInventory inv =
          TestInventory.builder(dir)
              .host("mx1", hosts.get(0))
              .host("mx2", hosts.get(1))
              .host("mx3", hosts.get(2))
              .write();
      List<TargetHost> list = hosts.list();
      assertThat(list).extracting(TargetHost::sshPort).doesNotHaveDuplicates();
      assertThat(list).extracting(h -> h.mappedPort(587)).doesNotHaveDuplicates();
      assertThat(list).extracting(TargetHost::hostKeyLine).doesNotHaveDuplicates();
      for (TargetHost host : list) {
        TargetHost.Result r =
            OpenSsh.run(host, inv.knownHosts(), TargetHost.ADMIN, "", "sudo -n id -u");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
      }
      ids = list.stream().map(TargetHost::containerId).toList();
      var bindings =
          DockerClientFactory.instance()
              .client()
              .inspectContainerCmd(ids.get(0))
              .exec()
              .getNetworkSettings()
              .getPorts()
              .getBindings()
              .values();
      assertThat(bindings)
          .hasSize(4)
          .allSatisfy(b -> assertThat(b[0].getHostIp()).isEqualTo("127.0.0.1"));
    }
    List<String> left =
        DockerClientFactory.instance()
            .client()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(TargetHost.LABEL, "1"))
            .exec()
            .stream()
            .map(Container::getId)
            .toList();
    assertThat(left).doesNotContainAnyElementsOf(ids);
  }
}
