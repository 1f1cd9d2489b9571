package dev.mailpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one target container definition as docker arguments, its bench entry point and its user
 * command.
 */
class SystemdContainerTest {
  /** The flags that run systemd as PID 1 here, in the order docker run gets them. */
  private static final List<String> SYSTEMD =
      List.of(
          "--cap-add",
          "SYS_ADMIN",
          "--cap-add",
          "SYS_PTRACE",
          "--cap-add",
          "NET_ADMIN",
          "--security-opt",
          "seccomp=unconfined",
          "--volume",
          "/sys/fs/cgroup:/sys/fs/cgroup:rw",
          "--cgroupns=host",
          "--tmpfs",
          "/run",
          "--tmpfs",
          "/run/lock");

  @Test
  void runArgumentsRunSystemdAndPublishOnLoopbackOnly() {
    SystemdContainer c =
        SystemdContainer.builder("mailpush-target:bookworm")
            .name("t1")
            .hostname("h1.test")
            .label("a", "1")
            .label("a.pid", "42")
            .publish(22, 25)
            .tmpfs("/srv/small", "size=256k")
            .build();

    List<String> expected =
        new ArrayList<>(
            List.of(
                "--detach",
                "--name",
                "t1",
                "--hostname",
                "h1.test",
                "--label",
                "a=1",
                "--label",
                "a.pid=42"));
    expected.addAll(SYSTEMD);
    expected.addAll(
        List.of(
            "--tmpfs",
            "/srv/small:size=256k",
            "--env",
            "container=docker",
            "--publish",
            "127.0.0.1::22",
            "--publish",
            "127.0.0.1::25",
            "mailpush-target:bookworm",
            "/sbin/init"));
    assertThat(c.runArgs())
        .containsExactlyElementsOf(expected)
        .doesNotContain("--privileged", "--dns");
  }

  @Test
  void hermeticDnsIsTheLoopbackResolverWithTheMirrorPinned() {
    List<String> args =
        SystemdContainer.builder("mailpush-target:trixie")
            .hermeticDns("192.0.2.7")
            .build()
            .runArgs();

    assertThat(args)
        .containsSubsequence(
            "--dns",
            "127.0.0.1",
            "--add-host",
            "deb.debian.org:192.0.2.7",
            "mailpush-target:trixie",
            "/sbin/init");
  }

  @Test
  void theBenchEntryPointTakesImageLabelsAndPorts() {
    SystemdContainer c =
        BenchTargetArguments.parse(
            "mailpush-bench:bookworm",
            "--label",
            "mailpush-bench=1",
            "--label",
            "mailpush-bench-run=1200001",
            "--publish",
            "22");

    assertThat(c.runArgs())
        .startsWith(
            "--detach", "--label", "mailpush-bench=1", "--label", "mailpush-bench-run=1200001")
        .containsSubsequence(SYSTEMD)
        .containsSubsequence("--publish", "127.0.0.1::22", "mailpush-bench:bookworm")
        .doesNotContain("--name", "--hostname");
  }

  @Test
  void theBenchEntryPointRefusesWhatItDoesNotKnow() {
    assertThatThrownBy(() -> BenchTargetArguments.parse())
        .hasMessageContaining("image comes first");
    assertThatThrownBy(() -> BenchTargetArguments.parse("--publish", "22"))
        .hasMessageContaining("image comes first");
    assertThatThrownBy(() -> BenchTargetArguments.parse("img", "--publish"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> BenchTargetArguments.parse("img", "--publish", "ssh"))
        .hasMessageContaining("port number");
    assertThatThrownBy(() -> BenchTargetArguments.parse("img", "--label", "novalue"))
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(() -> BenchTargetArguments.parse("img", "--privileged", "x"))
        .hasMessageContaining("unknown option");
  }

  @Test
  void extraTmpfsMayNotReplaceWhatSystemdNeeds() {
    for (String path : List.of("/run", "/run/lock", "relative")) {
      assertThatThrownBy(() -> SystemdContainer.builder("img").tmpfs(path, ""))
          .hasMessageContaining(path);
    }
  }

  @Test
  void userCommandPassesEveryValueAsAParameterOfTheOneScript() {
    List<String> nopasswd = SystemdContainer.userCommand("admin", "ssh-ed25519 AAAA k");
    List<String> password =
        SystemdContainer.userCommand("pwadmin", "ssh-ed25519 AAAA k", "pw $(x)'");

    assertThat(nopasswd)
        .hasSize(6)
        .startsWith("sh", "-c")
        .endsWith("sh", "admin", "ssh-ed25519 AAAA k");
    assertThat(password).endsWith("sh", "pwadmin", "ssh-ed25519 AAAA k", "pw $(x)'");
    assertThat(password.get(2))
        .isEqualTo(nopasswd.get(2))
        .contains(
            "chmod 600 \"/home/$user/.ssh/authorized_keys\"",
            "NOPASSWD",
            "timestamp_timeout=0",
            "visudo -c")
        .doesNotContain("admin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Admin", "ad min", "a;b", "-x", "a/b"})
  void userCommandRefusesNamesThatAreNotPlainLogins(String user) {
    assertThatThrownBy(() -> SystemdContainer.userCommand(user, "ssh-ed25519 AAAA k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain login name");
  }

  @Test
  void userCommandRefusesKeysAndPasswordsThatWouldNotStayOneLine() {
    assertThatThrownBy(() -> SystemdContainer.userCommand("admin", "ssh-ed25519 A\nssh-ed25519 B"))
        .hasMessageContaining("publicKey must be one non-blank line");
    assertThatThrownBy(() -> SystemdContainer.userCommand("admin", "k", "a\nroot:x"))
        .hasMessageContaining("sudoPassword must be one non-blank line");
    assertThatThrownBy(() -> SystemdContainer.userCommand("admin", "k", "a:b"))
        .hasMessageContaining("chpasswd");
  }
}
