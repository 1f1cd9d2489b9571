package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.testhosts.RequiresDocker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailpush sandbox up}, {@code status} and {@code down} against the real Docker engine, with
 * {@code mailpush facts} run through the inventory that up wrote.
 */
@RequiresDocker(suites = "bookworm")
class SandboxE2ETest {
  /** Test sandboxes are named after their JVM: never a user's sandbox, never another test run's. */
  private static final String PREFIX = "e2e-";

  private static final String NAME = PREFIX + ProcessHandle.current().pid();

  @TempDir Path dir;

  /** Sandboxes of earlier test JVMs that were killed before their cleanup ran. */
  @BeforeAll
  static void removeLeftoversOfDeadTestRuns() throws Exception {
    for (String container : docker("ps", "--all", "--format", "{{.Names}}").split("\n")) {
      String prefix = "mailpush-sandbox-" + PREFIX;
      if (container.startsWith(prefix) && container.substring(prefix.length()).matches("\\d+")) {
        long pid = Long.parseLong(container.substring(prefix.length()));
        if (ProcessHandle.of(pid).isEmpty()) {
          docker("rm", "--force", container);
        }
      }
    }
  }

  /** Runs even when an assertion failed half-way: the container never outlives the test. */
  @AfterEach
  void removeSandbox() throws Exception {
    docker("rm", "--force", "mailpush-sandbox-" + NAME);
  }

  @Test
  void upWritesAWorkingInventoryStatusListsItAndDownRemovesIt() {
    Path files = dir.resolve("sandbox");

    CliRun up = CliRun.of("sandbox", "up", NAME, "--suite", "bookworm", "--dir", files.toString());

    assertThat(up.exitCode()).as(up.toString()).isZero();
    Path inventory = files.resolve("inventory.toml");
    assertThat(up.out())
        .contains("sandbox " + NAME + " is up")
        .contains("mailpush deploy " + inventory)
        .contains("[hosts." + NAME + "]");
    assertThat(files.resolve("id_ed25519")).exists();
    assertThat(files.resolve("known_hosts"))
        .content()
        .startsWith("[127.0.0.1]:")
        .contains("ssh-ed25519 AAAA");

    CliRun status = CliRun.of("sandbox", "status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out().lines().filter(l -> l.startsWith(NAME + " ")))
        .singleElement()
        .asString()
        .contains("bookworm")
        .contains("Up")
        .contains("127.0.0.1: ssh ");

    CliRun facts = CliRun.of("facts", inventory.toString(), "--json");
    assertThat(facts.exitCode()).as(facts.toString()).isZero();
    assertThat(facts.events().get(0).path("os_version").asText()).isEqualTo("12");
    assertThat(facts.recap().path(NAME).path("unreachable").asBoolean()).isFalse();

    CliRun again = CliRun.of("sandbox", "up", NAME, "--dir", files.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("already exists");

    CliRun down = CliRun.of("sandbox", "down", NAME);
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("sandbox " + NAME + " removed");
    assertThat(files).doesNotExist();
    assertThat(CliRun.of("sandbox", "status").out()).doesNotContain(NAME);
    assertThat(CliRun.of("sandbox", "down", NAME).out()).contains("no sandbox " + NAME);
  }

  private static String docker(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(listOf("docker", args)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static List<String> listOf(String first, String... rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all;
  }
}
