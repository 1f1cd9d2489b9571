package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostfixOverridesTest {
  @TempDir Path dir;

  private Inventory load(String overrides) throws Exception {
    Path file = dir.resolve("inventory.toml");
    Files.writeString(
        file,
        """
        [mail.postfix_overrides]
        %s
        [hosts.mx1]
        address = "192.0.2.1"
        hostname = "mail.example.com"
        """
            .formatted(overrides));
    return new InventoryLoader().load(file);
  }

  @Test
  void postfixMacrosAndRelayHostsAreAccepted() throws Exception {
    Inventory inv =
        load(
            """
        relayhost = "[smtp.provider.example]:587"
        smtpd_banner = "$myhostname ESMTP"
        """);
    assertThat(inv.hosts().get(0).mail().postfixOverrides())
        .containsEntry("relayhost", "[smtp.provider.example]:587")
        .containsEntry("smtpd_banner", "$myhostname ESMTP");
  }

  @Test
  void aValueCannotAddASecondConfigLine() {
    assertThatThrownBy(() -> load("relayhost = \"[x]:25\\nmynetworks = 0.0.0.0/0\""))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("inventory.toml:2:1")
        .hasMessageContaining("one line of printable ASCII");
  }

  @Test
  void aParameterNameMustBeAPostfixName() {
    assertThatThrownBy(() -> load("\"mynetworks = 0.0.0.0/0 #\" = \"x\""))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("not a Postfix parameter name");
  }
}
