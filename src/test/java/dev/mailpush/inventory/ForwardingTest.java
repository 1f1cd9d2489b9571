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
 * An address with outside targets in {@code [mail.virtual_addresses]}: what Postfix's maps and the
 * forwarder are given, and the mistakes reported at their line.
 */
class ForwardingTest {
  @TempDir Path dir;

  private static final String MAIL =
      "[mail]\nvirtual_domains = [\"example.com\", \"example.org\"]\n"
          + "[mail.users.alice]\npassword_hash = \""
          + HASH
          + "\"\n[mail.virtual_addresses]\n\"alice@example.com\" = \"alice\"\n";

  private MailConfig mail(String addresses) {
    return Fixture.load(dir, MAIL + addresses + HOST).hosts().get(0).mail();
  }

  private List<Problem> problems(String addresses) {
    return Fixture.problems(dir, MAIL + addresses + HOST);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> entries(MailConfig m, String key) {
    return (List<Map<String, String>>) m.model().get(key);
  }

  @Test
  void anAddressMayGoToLocalUsersAndOutsideAddresses() {
    MailConfig m =
        mail(
            "\"team@example.com\" = [\"alice\", \"Bob@Partner.example\"]\n"
                + "\"fwd@example.org\" = [\"carol+lists@partner.example\"]\n");
    assertThat(m.virtualAddresses())
        .containsEntry("team@example.com", List.of("alice", "bob@partner.example"))
        .containsEntry("fwd@example.org", List.of("carol+lists@partner.example"));
    assertThat(m.forwards()).isTrue();
    assertThat(m.mailUsers()).containsExactly("alice");
    assertThat(entries(m, "address_map"))
        .contains(
            Map.of(
                "address",
                "team@example.com",
                "user",
                "alice, bob#partner.example@forward.mailpush.invalid"),
            Map.of(
                "address",
                "fwd@example.org",
                "user",
                "carol+lists#partner.example@forward.mailpush.invalid"));
    assertThat(entries(m, "sender_logins"))
        .as("an outside target is nobody's login; an address that only forwards has no sender")
        .contains(Map.of("address", "team@example.com", "user", "alice"))
        .noneMatch(e -> e.get("address").equals("fwd@example.org"));
  }

  @Test
  void withoutOutsideTargetsNothingForwards() {
    MailConfig m = mail("\"info@example.com\" = [\"alice\"]\n");
    assertThat(m.forwards()).isFalse();
    assertThat(m.virtualAddresses()).containsEntry("info@example.com", List.of("alice"));
  }

  @Test
  void srsAddressesAreOfTheDomainTheHostIsNamedIn() {
    MailConfig m = mail("\"fwd@example.org\" = [\"bob@partner.example\"]\n");
    assertThat(m.srsDomain("mail.example.com")).isEqualTo("example.com");
    assertThat(m.srsDomain("mx.elsewhere.example")).isEqualTo("example.com");
    assertThat(m.srsDomain("mx.example.org")).isEqualTo("example.org");
  }

  @Test
  void forwardingToAnAddressOfTheHostsOwnDomainsIsRefused() {
    List<Problem> p = problems("\"sales@example.org\" = [\"alice@example.com\"]\n");
    assertThat(p).hasSize(1);
    assertThat(p.get(0).line()).isEqualTo(7);
    assertThat(p.get(0).message()).contains("an address of this host's own domain example.com");
    assertThat(p.get(0).hint()).contains("name the local user");
  }

  @Test
  void anEmptyListATwiceListedTargetAndABadTargetAreReportedAtTheirLine() {
    assertThat(problems("\"team@example.com\" = []\n"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(7);
              assertThat(p.message()).contains("has no target");
            });
    assertThat(problems("\"team@example.com\" = [\"alice\", \"alice\"]\n"))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("\"alice\" of \"team@example.com\" is listed twice"));
    assertThat(problems("\"team@example.com\" = [\"alice\", \"bob at partner\"]\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(7));
  }

  @Test
  void forwardingNeedsAPostmasterForTheSpamItKeepsHome() {
    List<Problem> p =
        Fixture.problems(
            dir,
            "[mail]\nvirtual_domains = [\"example.com\"]\n[mail.virtual_addresses]\n"
                + "\"fwd@example.com\" = [\"bob@partner.example\"]\n"
                + HOST);
    assertThat(p).singleElement().satisfies(x -> assertThat(x.message()).contains("no mail user"));
  }

  @Test
  void aHostsEntryReplacesTheDefaultTargetsAsAWhole() {
    MailConfig m =
        Fixture.load(
                dir,
                MAIL
                    + "\"team@example.com\" = [\"alice\", \"bob@partner.example\"]\n"
                    + HOST
                    + "[hosts.mx1.mail.virtual_addresses]\n\"team@example.com\" = \"alice\"\n")
            .hosts()
            .get(0)
            .mail();
    assertThat(m.virtualAddresses()).containsEntry("team@example.com", List.of("alice"));
    assertThat(m.forwards()).isFalse();
  }
}
