package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path dir;

  @Test
  void writesAStarterThatLoadsOnceThePasswordHashIsSet() throws Exception {
    Path file = dir.resolve("inventory.toml");
    CliRun run =
        CliRun.of(
            "init",
            file.toString(),
            "--hostname",
            "Mail.Example.com",
            "--address",
            "203.0.113.10",
            "--domain",
            "example.com",
            "--domain",
            "example.org",
            "--user",
            "alice",
            "--ssh-user",
            "admin");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("mailpush hash-password");

    String text = Files.readString(file);
    assertThat(text).contains("# ").contains("become = \"sudo\"");
    // As written, the placeholder keeps deploy from running with no password set.
    assertThat(CliRun.of("deploy", file.toString()).err())
        .contains("password_hash")
        .contains("hash-password");

    Files.writeString(file, text.replace("$6$replace-me", Sha2Crypt.sha512Crypt("pw".getBytes())));
    Inventory inv = new InventoryLoader().load(file);
    assertThat(inv.hosts().get(0).hostname()).isEqualTo("mail.example.com");
    assertThat(inv.hosts().get(0).mail().virtualAddresses())
        .containsEntry("alice@example.org", List.of("alice"))
        .containsEntry("postmaster@example.com", List.of("alice"));
  }

  @Test
  void neverOverwritesAnExistingFile() throws Exception {
    Path file = dir.resolve("inventory.toml");
    Files.writeString(file, "# mine\n");
    CliRun run =
        CliRun.of(
            "init",
            file.toString(),
            "--hostname",
            "mail.example.com",
            "--address",
            "192.0.2.1",
            "--domain",
            "example.com");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("already exists");
    assertThat(Files.readString(file)).isEqualTo("# mine\n");
  }

  @Test
  void aBadValueIsReportedAndNothingIsWritten() {
    Path file = dir.resolve("inventory.toml");
    CliRun run =
        CliRun.of(
            "init",
            file.toString(),
            "--hostname",
            "mail",
            "--address",
            "192.0.2.1",
            "--domain",
            "exa$mple.com");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("(flags)");
    assertThat(file).doesNotExist();
  }
}
