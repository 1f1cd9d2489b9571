package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HASH;
import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [mail.shared_mailboxes.NAME]}: what Postfix, Dovecot and Sieve are given, and mistakes.
 */
class SharedMailboxTest {
  @TempDir Path dir;

  private static final String MAIL =
      "[mail]\nvirtual_domains = [\"example.com\"]\n"
          + "[mail.users.alice]\npassword_hash = \""
          + HASH
          + "\"\n[mail.users.bob]\npassword_hash = \""
          + HASH
          + "\"\n[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n";

  private MailConfig mail(String toml) {
    return Fixture.load(dir, MAIL + toml + HOST).hosts().get(0).mail();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(MailConfig m, String key) {
    return (List<Map<String, Object>>) m.model().get(key);
  }

  @Test
  void itsMailGoesToItsFirstReaderWithTheDetailSieveFilesAndAllReadersMaySendAsIt() {
    MailConfig m =
        mail(
            "[mail.shared_mailboxes.info]\nusers = [\"alice\", \"bob\"]\n"
                + "addresses = [\"Info@example.com\", \"hello@example.com\"]\n");
    assertThat(m.sharedMailboxes().get("info").addresses())
        .containsExactly("info@example.com", "hello@example.com");
    assertThat(m.mailUsers()).contains("alice", "bob");
    assertThat(list(m, "address_map"))
        .contains(Map.of("address", "info@example.com", "user", "alice+mailpush-shared-info"));
    assertThat(list(m, "sender_logins"))
        .contains(Map.of("address", "hello@example.com", "user", "alice, bob"));
    assertThat(list(m, "shared_mailboxes"))
        .containsExactly(
            Map.of(
                "name",
                "info",
                "detail",
                "mailpush-shared-info",
                "users",
                "alice,bob",
                "addresses",
                "info@example.com, hello@example.com"));
    @SuppressWarnings("unchecked")
    Map<String, Object> quota = (Map<String, Object>) m.model().get("quota");
    assertThat(quota).containsEntry("userdb", true).containsEntry("enabled", false);
  }

  @Test
  void anAddressHasOneDestinationAndItsDomainMustBeServed() {
    List<Problem> p =
        Fixture.problems(
            dir,
            MAIL
                + "[mail.shared_mailboxes.info]\nusers = [\"alice\"]\n"
                + "addresses = [\"alice@example.com\", \"x@elsewhere.example\"]\n"
                + HOST);
    assertThat(p)
        .extracting(Problem::message)
        .anySatisfy(
            s -> assertThat(s).contains("\"alice@example.com\" is in [mail.virtual_addresses]"))
        .anySatisfy(s -> assertThat(s).contains("not in virtual_domains"));
  }

  @Test
  void aMailboxNeedsReadersAndAddressesAndAPlainName() {
    assertThat(
            Fixture.problems(
                dir, MAIL + "[mail.shared_mailboxes.info]\nusers = [\"alice\"]\n" + HOST))
        .extracting(Problem::message)
        .containsExactly("shared mailbox \"info\" has no addresses");
    assertThat(
            Fixture.problems(
                dir,
                MAIL
                    + "[mail.shared_mailboxes.Info_Box]\nusers = [\"alice\"]\naddresses = [\"i@example.com\"]\n"
                    + HOST))
        .extracting(Problem::message)
        .singleElement()
        .asString()
        .contains("invalid shared mailbox name");
  }
}
