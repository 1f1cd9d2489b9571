package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.facts.PathState;
import dev.mailpush.facts.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Facts are probed once; after a change, the facts the remaining tasks read are probed again in one
 * round trip, unless the change was only file writes and later tasks read only paths (the engine
 * knows what it wrote).
 */
class FactRefreshTest {
  private static final String CONF = "/etc/app/app.conf";
  private static final String GUARD = "test /etc/app/app.db -nt /etc/app/app.conf";

  @Test
  void aRunThatChangesNothingIsOneProbe() {
    Play play =
        new Play(
            "noop",
            List.of(
                new PlayTask(TestTasks.put(CONF, "v1\n"), List.of("restart app")),
                PlayTask.of(new TestTasks.Reader("reader", "/etc/app/other")),
                PlayTask.of(TestTasks.unless(GUARD, "postmap", CONF))),
            List.of(new Handler("restart app", List.of("systemctl", "restart", "app"))));
    FakeSession host = new FakeSession().file(CONF, "v1\n");

    Converged run = Converged.run(play, host);

    assertThat(host.sent).as("one probe, nothing else").hasSize(1);
    assertThat(run.summary())
        .extracting(HostSummary::ok, HostSummary::changed, HostSummary::execCount)
        .containsExactly(3, 0, 1);
  }

  @Test
  void afterACommandOnlyWhatLaterTasksReadIsProbedAgain() {
    Play play =
        new Play(
            "install",
            List.of(
                PlayTask.of(new TestTasks.Reader("before", "/etc/app/before")),
                PlayTask.of(TestTasks.command("install", "apt-get", "install", "app")),
                PlayTask.of(TestTasks.put(CONF, "packaged\n")),
                PlayTask.of(new TestTasks.Reader("after", "/etc/app/after")),
                PlayTask.of(TestTasks.command("last", "app", "migrate"))),
            List.of());
    FakeSession host =
        new FakeSession()
            .on(FakeSession.argv("apt-get", "install", "app"), h -> h.file(CONF, "packaged\n"));

    Converged run = Converged.run(play, host);

    List<String> probes = host.probes();
    assertThat(probes)
        .as("the first probe, one after the install, none after the last change")
        .hasSize(2);
    assertThat(FakeSession.asksFor(probes.get(0), "/etc/app/before")).isTrue();
    assertThat(FakeSession.asksFor(probes.get(1), CONF)).isTrue();
    assertThat(FakeSession.asksFor(probes.get(1), "/etc/app/after")).isTrue();
    assertThat(FakeSession.asksFor(probes.get(1), "/etc/app/before"))
        .as("done tasks are not asked for again")
        .isFalse();
    assertThat(run.outcome(CONF))
        .as("planned from what the install left")
        .isInstanceOf(TaskOutcome.Ok.class);
  }

  @Test
  void aReprobeAsksForTheNextWindowOfTasksOnlySoManyChangesCostLinearly() {
    int readers = 2 * FactCache.WINDOW + 6;
    List<PlayTask> tasks = new java.util.ArrayList<>();
    tasks.add(PlayTask.of(TestTasks.command("install", "apt-get", "install", "app")));
    for (int i = 0; i < readers; i++) {
      tasks.add(PlayTask.of(new TestTasks.Reader("reader " + i, "/etc/app/user" + i)));
    }
    FakeSession host = new FakeSession();

    Converged.run(new Play("many", tasks, List.of()), host);

    List<String> probes = host.probes();
    assertThat(probes)
        .as("the first probe, one after the install for a window, then one per further window")
        .hasSize(4);
    assertThat(FakeSession.asksFor(probes.get(0), "/etc/app/user" + (readers - 1)))
        .as("the first probe asks for every task: a run without changes is one probe")
        .isTrue();
    assertThat(FakeSession.asksFor(probes.get(1), "/etc/app/user" + (FactCache.WINDOW - 2)))
        .isTrue();
    assertThat(FakeSession.asksFor(probes.get(1), "/etc/app/user" + FactCache.WINDOW))
        .as("past the window: asked when reached")
        .isFalse();
    assertThat(FakeSession.asksFor(probes.get(2), "/etc/app/user" + FactCache.WINDOW)).isTrue();
    assertThat(FakeSession.asksFor(probes.get(3), "/etc/app/user" + (readers - 1))).isTrue();
  }

  @Test
  void fileWritesUpdateTheFactsWithoutAnotherProbe() {
    TestTasks.Reader reader = new TestTasks.Reader("reader", CONF);
    Play play =
        new Play(
            "write",
            List.of(PlayTask.of(TestTasks.put(CONF, "v2\n")), PlayTask.of(reader)),
            List.of());
    FakeSession host = new FakeSession().file(CONF, "v1\n");

    Converged.run(play, host);

    assertThat(host.probes()).hasSize(1);
    byte[] v2 = "v2\n".getBytes(StandardCharsets.UTF_8);
    assertThat(reader.seen)
        .containsExactly(
            new PathState.RegularFile(Sha256.hex(v2), "0644", "root", "root", v2.length));
  }

  @Test
  void aGuardAfterAFileWriteIsProbedAgainAndNothingElse() {
    Play play =
        new Play(
            "map",
            List.of(
                PlayTask.of(TestTasks.put(CONF, "v2\n")),
                PlayTask.of(TestTasks.unless(GUARD, "postmap", CONF))),
            List.of());
    FakeSession host = new FakeSession().file(CONF, "v1\n").guard(GUARD, false);

    Converged run = Converged.run(play, host);

    List<String> probes = host.probes();
    assertThat(probes).hasSize(2);
    assertThat(probes.get(1)).contains(GUARD);
    assertThat(FakeSession.asksFor(probes.get(1), CONF)).isFalse();
    assertThat(run.outcome("unless " + GUARD)).isInstanceOf(TaskOutcome.Changed.class);
  }

  @Test
  void fileTasksAfterAWriteCostNoProbeUntilATaskReadsAGuard() {
    String other = "/etc/app/other.conf";
    String third = "/etc/app/third.conf";
    Play play =
        new Play(
            "config",
            List.of(
                PlayTask.of(TestTasks.put(CONF, "v2\n")),
                PlayTask.of(TestTasks.put(other, "o2\n")),
                PlayTask.of(new TestTasks.Reader("reader", CONF)),
                PlayTask.of(TestTasks.put(third, "t2\n")),
                PlayTask.of(TestTasks.unless(GUARD, "postmap", CONF))),
            List.of());
    FakeSession host = new FakeSession().file(CONF, "v1\n").guard(GUARD, false);

    Converged run = Converged.run(play, host);

    List<String> probes = host.probes();
    assertThat(probes).as("the first probe, then one for the guard only").hasSize(2);
    assertThat(probes.get(1)).contains(GUARD);
    assertThat(run.outcome(other)).isInstanceOf(TaskOutcome.Changed.class);
    assertThat(run.outcome(third)).isInstanceOf(TaskOutcome.Changed.class);
    assertThat(run.outcome("unless " + GUARD)).isInstanceOf(TaskOutcome.Changed.class);
  }
}
