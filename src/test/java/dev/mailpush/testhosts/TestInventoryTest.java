package dev.mailpush.testhosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class TestInventoryTest {

  @Test
  void writesInventoryAndKnownHostsForEveryHost(@TempDir Path dir) throws Exception {
    TestInventory inv =
        TestInventory.builder(dir)
            .identityFile(Path.of("/keys/id \"test\""))
            .host(
                new TestInventory.Host(
                    "mx1", 40022, "mx1.mailpush.test", "[127.0.0.1]:40022 ssh-ed25519 AAAA1"))
            .host(
                new TestInventory.Host(
                    "mx2", 40023, "mx2.mailpush.test", "[127.0.0.1]:40023 ssh-ed25519 AAAA2"))
            .hostSsh("mx2", "host_key_policy = \"accept-new\"")
            .extraToml("[mail]\nvirtual_domains = [\"example.test\"]")
            .write();

    TomlParseResult toml = Toml.parse(inv.file());
    assertThat(toml.errors()).isEmpty();
    assertThat(toml.getString("ssh.user")).isEqualTo("admin");
    assertThat(toml.getString("ssh.identity_file")).isEqualTo("/keys/id \"test\"");
    assertThat(toml.getString("ssh.known_hosts")).isEqualTo(inv.knownHosts().toString());
    assertThat(toml.getString("ssh.host_key_policy")).isEqualTo("strict");
    assertThat(toml.getString("ssh.become")).isEqualTo("sudo");
    assertThat(toml.getString("hosts.mx1.address")).isEqualTo("127.0.0.1");
    assertThat(toml.getString("hosts.mx1.hostname")).isEqualTo("mx1.mailpush.test");
    assertThat(toml.getLong("hosts.mx1.ssh.port")).isEqualTo(40022L);
    assertThat(toml.getLong("hosts.mx2.ssh.port")).isEqualTo(40023L);
    assertThat(toml.getString("hosts.mx2.ssh.host_key_policy")).isEqualTo("accept-new");
    assertThat(toml.getArray("mail.virtual_domains").getString(0)).isEqualTo("example.test");
    assertThat(Files.readAllLines(inv.knownHosts()))
        .containsExactly(
            "[127.0.0.1]:40022 ssh-ed25519 AAAA1", "[127.0.0.1]:40023 ssh-ed25519 AAAA2");
  }

  @Test
  void emptyKnownHostsLeavesTheHostsUnknown(@TempDir Path dir) throws Exception {
    TestInventory inv =
        TestInventory.builder(dir)
            .identityFile(Path.of("/keys/id"))
            .emptyKnownHosts()
            .host(
                new TestInventory.Host(
                    "mx1", 40022, "mx1.mailpush.test", "[127.0.0.1]:40022 ssh-ed25519 AAAA1"))
            .write();

    assertThat(Files.readString(inv.knownHosts())).isEmpty();
  }
}
