package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped example is the user's reference: it must load and mention every key. */
class ExampleInventoryTest {
  private static final Path EXAMPLE = Path.of("inventory.example.toml");

  @Test
  void loadsWithoutProblems() {
    Inventory inventory = new InventoryLoader(Fixture.HOME).load(EXAMPLE);

    assertThat(inventory.hosts()).extracting(HostConfig::name).containsExactly("mx1", "mx2");
    assertThat(inventory.hosts().get(1).ssh().jumpHost()).isPresent();
  }

  @Test
  void documentsEveryKey() throws IOException {
    String text = Files.readString(EXAMPLE);
    List<String> keys =
        Stream.of(
                SshSection.KEYS,
                MailSection.KEYS,
                TlsSection.KEYS,
                BackupSection.KEYS,
                AlertsSection.KEYS,
                ResolverSection.KEYS,
                RelaySection.KEYS,
                HostsSection.KEYS,
                List.of("password_hash"))
            .flatMap(List::stream)
            .filter(
                k ->
                    !List.of(
                            "ssh",
                            "mail",
                            "tls",
                            "backup",
                            "alerts",
                            "resolver",
                            "vars",
                            "users",
                            "virtual_addresses",
                            "postfix_overrides",
                            "relay",
                            "shared_mailboxes")
                        .contains(k))
            .toList();

    assertThat(keys)
        .allSatisfy(
            key ->
                assertThat(Pattern.compile("(?m)^#? ?" + key + " = ").matcher(text).find())
                    .as("key %s", key)
                    .isTrue());
    assertThat(text)
        .contains(
            "[mail.virtual_addresses]",
            "[mail.users.",
            "[mail.postfix_overrides]",
            "[mail.relay]",
            "[alerts]",
            "[resolver]",
            "[mail.shared_mailboxes.",
            "[vars]",
            "[hosts.mx2.vars]");
  }
}
