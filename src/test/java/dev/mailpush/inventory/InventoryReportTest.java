package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The report as a whole: every problem in one pass, sorted, rendered; secrets never echoed. */
class InventoryReportTest {
  @TempDir Path dir;

  @Test
  void reportsEveryProblemSortedByLine() {
    InventoryException e =
        Fixture.failure(
            dir,
            """
        [hosts.mx1]
        address = "203.0.113.10"
        hostname = "mail"

        [mail]
        enable_antispan = true

        [ssh]
        port = "22"
        """);

    assertThat(e.problems()).extracting(Problem::line).containsExactly(3, 6, 9);
    assertThat(e.getMessage().lines()).hasSize(6);
    assertThat(e.getMessage())
        .startsWith(dir.resolve("inventory.toml") + ":3:1: invalid hostname in [hosts.mx1]");
    assertThat(e.getMessage())
        .contains(
            dir.resolve("inventory.toml")
                + ":6:1: unknown key \"enable_antispan\" in [mail]; did you mean \"enable_antispam\"?\n"
                + "    hint: ");
  }

  @Test
  void namesEveryHostThatInheritsAProblem() {
    InventoryException e =
        Fixture.failure(
            dir,
            "[ssh]\nuser = \"ops\"\nbecome = \"none\"\n"
                + HOST
                + """
        [hosts.mx2]
        address = "203.0.113.11"
        hostname = "mx2.example.com"
        """);

    assertThat(e.problems())
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .endsWith("(hosts \"mx1\", \"mx2\")");
  }

  @Test
  void reportsAnUnreadableFileWithoutPosition() {
    Path missing = dir.resolve("missing.toml");

    InventoryException e =
        catchThrowableOfType(InventoryException.class, () -> new InventoryLoader().load(missing));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isZero();
              assertThat(p.render()).startsWith(missing + ": no such file");
              assertThat(p.render()).doesNotContain("Exception").contains("mailpush init");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[mail.users.bob]\npassword_hash = \"Hunter2-Secret\"\n",
        "[mail.users.bob]\npassword_hash = \"$Hunter2-Secret\"\n",
        "[mail.users.bob]\npassword = \"Hunter2-Secret\"\n",
        "[mail.users.bob]\npassword_hash = \"Hunter2-Secret\\n\"\n",
        "[mail.users.bob]\npassword_hash = \"Hunter2-Secret\"\n[hosts.mx1.mail.users.bob]\npassword_hash = \"Hunter2-Secret\"\n"
      })
  void neverEchoesAPlaintextPassword(String users) {
    InventoryException e = Fixture.failure(dir, users + HOST);

    assertThat(e.getMessage()).doesNotContain("Hunter2").contains("mailpush hash-password");
    assertThat(e.problems())
        .allSatisfy(p -> assertThat(p.message() + p.hint()).doesNotContain("Hunter2"));
  }

  @Test
  void hidesHashesFromToString() {
    MailConfig.MailUser user = new MailConfig.MailUser("bob", Fixture.HASH);

    assertThat(user.toString()).doesNotContain(Fixture.HASH);
  }
}
