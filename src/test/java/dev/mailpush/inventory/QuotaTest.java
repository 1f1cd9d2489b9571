package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HASH;
import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code default_quota} in {@code [mail]} and {@code quota} per user: what Dovecot is given. */
class QuotaTest {
  @TempDir Path dir;

  private static String user(String name, String extra) {
    return "[mail.users." + name + "]\npassword_hash = \"" + HASH + "\"\n" + extra + "\n";
  }

  private static final String ADDRESSES =
      "[mail.virtual_addresses]\n"
          + "\"alice@example.com\" = \"alice\"\n"
          + "\"info@example.com\" = \"alice\"\n"
          + "\"team@example.com\" = [\"alice\", \"bob\"]\n"
          + "\"bob@example.com\" = \"bob\"\n";

  private MailConfig mail(String toml) {
    return Fixture.load(dir, "[mail]\nvirtual_domains = [\"example.com\"]\n" + toml + HOST)
        .hosts()
        .get(0)
        .mail();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> quota(MailConfig m) {
    return (Map<String, Object>) m.model().get("quota");
  }

  @Test
  void noQuotaByDefault() {
    MailConfig m = mail(user("alice", "") + ADDRESSES);
    assertThat(m.hasQuota()).isFalse();
    assertThat(quota(m)).containsEntry("enabled", false);
  }

  @Test
  void aDefaultAndAUsersOwnEachAddressThatReachesOneUserAlone() {
    MailConfig m =
        mail(
            "default_quota = \"2g\"\n"
                + user("alice", "quota = \"500M\"")
                + user("bob", "")
                + ADDRESSES);
    assertThat(m.hasQuota()).isTrue();
    assertThat(m.quotaOf("alice")).isEqualTo("500M");
    assertThat(m.quotaOf("bob")).isEqualTo("2G");
    assertThat(quota(m))
        .containsEntry("default", "2G")
        .containsEntry(
            "users",
            List.of(
                Map.of(
                    "user",
                    "alice",
                    "quota",
                    "500M",
                    "addresses",
                    "alice@example.com info@example.com postmaster@example.com abuse@example.com",
                    "shared",
                    List.of()),
                Map.of(
                    "user",
                    "bob",
                    "quota",
                    "2G",
                    "addresses",
                    "bob@example.com",
                    "shared",
                    List.of())));
  }

  @Test
  void zeroIsNoLimitAndOnlyZerosLeaveQuotasOff() {
    assertThat(mail("default_quota = \"0\"\n" + user("alice", "") + ADDRESSES).hasQuota())
        .isFalse();
    MailConfig m = mail(user("alice", "quota = \"1G\"") + user("bob", "") + ADDRESSES);
    assertThat(m.hasQuota()).isTrue();
    assertThat(m.quotaOf("bob")).as("no default: no limit").isEqualTo("0");
  }

  @Test
  void aBadSizeIsReportedAtItsLineWithTheFix() {
    List<Problem> p =
        Fixture.problems(
            dir, "[mail]\ndefault_quota = \"2 GB\"\n" + user("alice", "quota = \"lots\"") + HOST);
    assertThat(p).hasSize(2);
    assertThat(p.get(0).line()).isEqualTo(2);
    assertThat(p.get(0).message()).contains("\"2 GB\" is not a mailbox size");
    assertThat(p.get(0).hint()).contains("\"2G\"");
    assertThat(p.get(1).line()).isEqualTo(5);
  }
}
