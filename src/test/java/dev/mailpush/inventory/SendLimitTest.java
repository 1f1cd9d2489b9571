package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HASH;
import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code send_limit_per_hour} in {@code [mail]} and per user: what the rate limiter is given. */
class SendLimitTest {
  @TempDir Path dir;

  private MailConfig mail(String toml) {
    return Fixture.load(dir, toml + HOST).hosts().get(0).mail();
  }

  private static String user(String name, String extra) {
    return "[mail.users." + name + "]\npassword_hash = \"" + HASH + "\"\n" + extra + "\n";
  }

  @Test
  void everyLoginHasALimitByDefault() {
    MailConfig m = mail(user("alice", ""));
    assertThat(m.sendLimitPerHour()).isEqualTo(200);
    assertThat(m.hasSendLimit()).isTrue();
    assertThat(limits(m))
        .containsEntry("limits", "[[200, 3600]]")
        .containsEntry("users", List.of());
  }

  @Test
  void aUserMayHaveTheirOwnAndZeroMeansNoLimit() {
    MailConfig m =
        mail(
            "[mail]\nsend_limit_per_hour = 0\n"
                + user("alice", "send_limit_per_hour = 5")
                + user("bob", ""));
    assertThat(m.userSendLimits()).containsExactly(Map.entry("alice", 5));
    assertThat(m.hasSendLimit()).isTrue();
    assertThat(limits(m))
        .containsEntry("limits", "[]")
        .containsEntry(
            "users", List.of(Map.of("user", "alice", "per_hour", 5, "limits", "[[5, 3600]]")));
  }

  @Test
  void noLimitAnywhereLeavesTheLimiterOff() {
    assertThat(mail("[mail]\nsend_limit_per_hour = 0\n" + user("alice", "")).hasSendLimit())
        .isFalse();
  }

  @Test
  void aBadLimitIsReportedAtItsLine() {
    List<Problem> problems =
        Fixture.problems(dir, user("alice", "send_limit_per_hour = -1") + HOST);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(3);
    assertThat(problems.get(0).message()).contains("send_limit_per_hour");
    assertThat(Fixture.problems(dir, user("alice", "send_limit = 5") + HOST))
        .extracting(Problem::message)
        .singleElement()
        .asString()
        .contains("unknown key \"send_limit\"");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> limits(MailConfig m) {
    return (Map<String, Object>) m.model().get("send_limit");
  }
}
