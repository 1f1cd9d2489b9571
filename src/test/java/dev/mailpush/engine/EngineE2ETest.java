package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TargetHosts;
import dev.mailpush.testhosts.TestInventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample playbook on three real Debian 12 hosts in parallel, through the real CLI: converge,
 * re-run with nothing to do, detect a hand edit in check mode without touching anything, and stop
 * rolling batches at the first failure.
 */
@RequiresDocker(suites = "bookworm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineE2ETest {
  private static final String PLAYBOOK = "playbooks/example.toml";
  private static final String MANAGED = "/etc/mailpush/host.txt";

  @TempDir static Path dir;
  static TargetHosts hosts;
  static TestInventory inventory;

  @BeforeAll
  static void start() {
    hosts = TargetHosts.start(3, TargetHost.builder("bookworm"));
    inventory =
        TestInventory.builder(dir)
            .host("mx1", hosts.get(0))
            .host("mx2", hosts.get(1))
            .host("mx3", hosts.get(2))
            .write();
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  private static CliRun run(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("run", inventory.file().toString(), PLAYBOOK, "--json"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void firstRunChangesEveryHostAndTheSecondChangesNothing() {
    CliRun first = run();
    assertThat(first.exitCode()).as(first.toString()).isZero();
    for (String h : List.of("mx1", "mx2", "mx3")) {
      assertThat(first.recap().get(h).get("changed").asInt()).as(h).isGreaterThan(0);
      assertThat(first.recap().get(h).get("failed").asInt()).as(h).isZero();
    }
    assertThat(hosts.get(1).exec("cat", MANAGED).stdout()).contains("hostname=mx2.mailpush.test");
    assertThat(hosts.get(0).exec("systemctl", "is-active", "cron").stdout().strip())
        .isEqualTo("active");

    CliRun second = run();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    for (String h : List.of("mx1", "mx2", "mx3")) {
      JsonNode recap = second.recap().get(h);
      assertThat(recap.get("changed").asInt()).as(second.toString()).isZero();
      assertThat(recap.get("ok").asInt()).isEqualTo(4);
      // A no-op run is the sudo check plus one fact probe: nothing else crosses the connection.
      JsonNode finished =
          second.events().stream()
              .filter(
                  e ->
                      e.path("type").asText().equals("host")
                          && e.path("host").asText().equals(h)
                          && e.path("status").asText().equals("finished"))
              .findFirst()
              .orElseThrow();
      assertThat(finished.get("exec_count").asInt()).isLessThanOrEqualTo(2);
    }
    assertThat(second.tasks("mx1"))
        .allSatisfy(t -> assertThat(t.get("reason").asText()).isNotBlank());
  }

  @Test
  @Order(2)
  void checkReportsExactlyTheHandEditedFileAndChangesNothing() {
    hosts.get(1).exec("sh", "-c", "echo tampered >> " + MANAGED).requireSuccess("edit");
    String before = hosts.get(1).exec("sha256sum", MANAGED).stdout();

    CliRun check = run("--check", "--diff");

    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.recap().get("mx1").get("changed").asInt()).isZero();
    assertThat(check.recap().get("mx3").get("changed").asInt()).isZero();
    List<JsonNode> changed =
        check.tasks("mx2").stream()
            .filter(t -> t.get("status").asText().equals("changed"))
            .toList();
    assertThat(changed)
        .extracting(t -> t.get("task").asText())
        .containsExactly("Host description", "restart cron");
    assertThat(changed.get(0).get("diff").get(0).asText()).contains("-tampered");
    assertThat(hosts.get(1).exec("sha256sum", MANAGED).stdout())
        .as("check mode altered the host")
        .isEqualTo(before);

    CliRun fix = run("--limit", "mx2");
    assertThat(fix.exitCode()).as(fix.toString()).isZero();
    assertThat(fix.recap().get("mx2").get("changed").asInt()).isEqualTo(2);
    assertThat(hosts.get(1).exec("cat", MANAGED).stdout()).doesNotContain("tampered");
    assertThat(hosts.get(1).exec("test", "-f", MANAGED + ".mailpush-prev").exitCode())
        .as("previous version kept")
        .isZero();
  }

  @Test
  @Order(3)
  void serialBatchesStopAfterTheFirstFailingBatch() {
    // A directory where the managed file belongs: mailpush refuses to replace it.
    hosts
        .get(0)
        .exec("sh", "-c", "rm -f " + MANAGED + " && mkdir " + MANAGED)
        .requireSuccess("break mx1");
    try {
      CliRun run = run("--serial", "1", "--max-fail-percent", "0");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      JsonNode recap = run.recap();
      assertThat(recap.get("mx1").get("failed").asInt()).isEqualTo(1);
      assertThat(recap.get("mx2").path("not_run").asBoolean()).isTrue();
      assertThat(recap.get("mx3").path("not_run").asBoolean()).isTrue();
      assertThat(run.tasks("mx2")).isEmpty();
      assertThat(run.events())
          .anySatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("stopped"));
      assertThat(
              run.tasks("mx1").stream()
                  .filter(t -> t.get("status").asText().equals("failed"))
                  .findFirst()
                  .orElseThrow()
                  .get("message")
                  .asText())
          .contains("not a regular file");
    } finally {
      hosts.get(0).exec("rmdir", MANAGED);
    }
  }

  @Test
  @Order(4)
  void aGuardIsReadAgainAfterAnEarlierTaskRewroteTheFileItWatches() throws Exception {
    // Like Postfix's maps: a source file, and a compile step guarded by "compiled is newer than
    // source".
    String template =
        """
        [[tasks]]
        name = "directory"
        directory = "/etc/guard-test"
        [[tasks]]
        name = "source"
        file = "/etc/guard-test/source"
        content = "%s"
        [[tasks]]
        name = "compile"
        command = ["cp", "/etc/guard-test/source", "/etc/guard-test/compiled"]
        unless = "test /etc/guard-test/compiled -nt /etc/guard-test/source"
        """;
    Path one = dir.resolve("guard-one.toml");
    Path two = dir.resolve("guard-two.toml");
    java.nio.file.Files.writeString(one, template.formatted("one"));
    java.nio.file.Files.writeString(two, template.formatted("two"));

    assertThat(
            CliRun.of("run", inventory.file().toString(), one.toString(), "--limit", "mx1")
                .exitCode())
        .isZero();
    assertThat(hosts.get(0).exec("cat", "/etc/guard-test/compiled").stdout()).isEqualTo("one");
    CliRun again =
        CliRun.of("run", inventory.file().toString(), one.toString(), "--limit", "mx1", "--json");
    assertThat(again.recap().get("mx1").get("changed").asInt()).as(again.toString()).isZero();

    CliRun changed =
        CliRun.of("run", inventory.file().toString(), two.toString(), "--limit", "mx1", "--json");
    assertThat(changed.recap().get("mx1").get("changed").asInt())
        .as(changed.toString())
        .isEqualTo(2);
    assertThat(hosts.get(0).exec("cat", "/etc/guard-test/compiled").stdout()).isEqualTo("two");
  }
}
