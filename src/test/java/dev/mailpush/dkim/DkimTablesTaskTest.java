package dev.mailpush.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.TaskFailure;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PathState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.playbook.GoldenFixtures;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.playbook.PlaybookLoader;
import dev.mailpush.playbook.PlaybookSource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deploy's OpenDKIM tables follow the host's state file: after a rotation a deploy keeps
 * signing with the rotated key, whatever the inventory's dkim_selector says.
 */
class DkimTablesTaskTest {
  private static final OsRelease TRIXIE =
      new OsRelease("debian", "13", List.of(), "Debian GNU/Linux 13 (trixie)");

  private static DkimTablesTask task() {
    HostConfig host = new InventoryLoader().load(GoldenFixtures.inventory("full")).hosts().get(0);
    return PlaybookCompiler.compile(
            PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml"), host)
        .tasks()
        .stream()
        .map(PlayTask::task)
        .filter(t -> t instanceof DkimTablesTask)
        .map(DkimTablesTask.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static HostFacts facts(DkimTablesTask task, Map<String, String> stateFiles) {
    Map<String, PathState> paths = new HashMap<>();
    task.needs().paths().forEach(p -> paths.put(p, new PathState.Missing()));
    Map<String, Optional<byte[]>> contents = new HashMap<>();
    task.needs().contents().forEach(p -> contents.put(p, Optional.empty()));
    stateFiles.forEach((p, t) -> contents.put(p, Optional.of(t.getBytes(StandardCharsets.UTF_8))));
    return new HostFacts(TRIXIE, Map.of(), paths, Map.of(), Map.of(), Map.of(), contents, Set.of());
  }

  private static Map<String, String> written(Plan plan) {
    Map<String, String> out = new HashMap<>();
    for (Step s : ((Plan.Changes) plan).steps()) {
      if (s instanceof Step.ValidatedWrite v) {
        assertThat(v.validator()).containsExactly("opendkim", "-n", "-x", "/etc/opendkim.conf");
        v.files().forEach(f -> out.put(f.path(), new String(f.content(), StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  @Test
  void withoutStateTheInventorysSelectorSigns() {
    DkimTablesTask task = task();
    Map<String, String> files = written(task.plan(facts(task, Map.of()), Distro.detect(TRIXIE)));
    assertThat(files.get("/etc/opendkim/SigningTable"))
        .contains("*@example.com mx2025._domainkey.example.com")
        .contains("*@example.org mx2025._domainkey.example.org");
  }

  @Test
  void theStatesActiveSelectorSignsItsDomainAndTheHostsOwnMail() {
    DkimTablesTask task = task();
    String state = "active s20261203\nretiring mx2025 2026-12-03T18:00:00Z\npending s20270101\n";
    Map<String, String> files =
        written(
            task.plan(
                facts(task, Map.of(DkimState.path("example.com"), state)), Distro.detect(TRIXIE)));
    assertThat(files.get("/etc/opendkim/KeyTable"))
        .contains(
            "s20261203._domainkey.example.com"
                + " example.com:s20261203:/etc/opendkim/keys/example.com/s20261203.private")
        .doesNotContain("mx2025._domainkey.example.com")
        .doesNotContain("s20270101")
        .contains("mx2025._domainkey.example.org");
    assertThat(files.get("/etc/opendkim/SigningTable"))
        .contains("*@example.com s20261203._domainkey.example.com")
        .contains("*@example.org mx2025._domainkey.example.org");
  }

  @Test
  void aBrokenStateFileFailsTheTaskNamingTheLine() {
    DkimTablesTask task = task();
    HostFacts facts =
        facts(task, Map.of(DkimState.path("example.org"), "active mx2025\nsigning x\n"));
    assertThatThrownBy(() -> task.plan(facts, Distro.detect(TRIXIE)))
        .isInstanceOf(TaskFailure.class)
        .hasMessageContaining("/etc/opendkim/keys/example.org/state:2: unknown entry signing");
  }
}
