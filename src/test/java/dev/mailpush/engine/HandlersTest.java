package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.facts.FactQuery;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.tasks.ServiceTask;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Restart and reload handlers: due once a task that notifies them changed the host, recorded on the
 * host before that change, fired once at the end, and still due for the next run when this one
 * fails first.
 */
class HandlersTest {
  private static final String CONF = "/etc/app/app.conf";
  private static final Handler RESTART =
      new Handler("restart app", List.of("systemctl", "restart", "app"));

  private static final Play PLAY =
      new Play(
          "app",
          List.of(
              new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app")),
              PlayTask.of(TestTasks.command("migrate", "app", "migrate"))),
          List.of(RESTART));

  private static final Handler RESTART_UNIT =
      new Handler("restart app", List.of("systemctl", "restart", "app"), Optional.of("app"));

  /** A first deploy: the daemon was installed stopped, its configuration written, then started. */
  @Test
  void aStartFromStoppedMakesTheUnitsDueRestartMootSoTheDaemonStartsOnce() {
    Play play =
        new Play(
            "app",
            List.of(
                new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app")),
                PlayTask.of(new ServiceTask("app running", "app", true, false))),
            List.of(RESTART_UNIT));
    FakeSession host = new FakeSession().file(CONF, "v1\n");

    Converged run = Converged.run(play, host);

    assertThat(host.commands())
        .anyMatch(r -> r.argv().equals(List.of("systemctl", "start", "app")));
    assertThat(run.handlers()).as("started once, with the new file").isEmpty();
    assertThat(host.marks()).as("the mark recorded before the write is cleared").isEmpty();
  }

  @Test
  void aRunningUnitStillRestartsAndAChangeAfterTheStartStillFires() {
    Play running =
        new Play(
            "app",
            List.of(
                new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app")),
                PlayTask.of(new ServiceTask("app running", "app", true, false))),
            List.of(RESTART_UNIT));
    FakeSession up =
        new FakeSession()
            .file(CONF, "v1\n")
            .probeAnswers("S\tActiveState=active\nS\tUnitFileState=disabled\nS\n");
    assertThat(Converged.run(running, up).handlers()).containsExactly("restart app");

    Play changedAfter =
        new Play(
            "app",
            List.of(
                PlayTask.of(new ServiceTask("app running", "app", true, false)),
                new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app"))),
            List.of(RESTART_UNIT));
    FakeSession stopped = new FakeSession().file(CONF, "v1\n");
    assertThat(Converged.run(changedAfter, stopped).handlers()).containsExactly("restart app");
  }

  @Test
  void aHandlerMadeDueSurvivesALaterTasksFailureAndTheNextRunFiresIt() {
    FakeSession host =
        new FakeSession()
            .file(CONF, "v1\n")
            .failing(FakeSession.argv("app", "migrate"), 1, "locked\n");

    Converged first = Converged.run(PLAY, host);

    assertThat(first.outcome("migrate")).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(first.handlers()).as("a failed run fires nothing").isEmpty();
    assertThat(host.marks()).containsExactly(PendingMark.fileName("restart app"));
    assertThat(indexOf(host, r -> r.argv().contains(RemoteScripts.MARK_PENDING)))
        .as("recorded before the change it answers")
        .isLessThan(indexOf(host, FakeSession.writing(CONF)));

    host.heal();
    Converged second = Converged.run(PLAY, host);

    assertThat(second.outcome(CONF))
        .as("the file was already written")
        .isInstanceOf(TaskOutcome.Ok.class);
    assertThat(second.handlers()).containsExactly("restart app");
    assertThat(second.outcome("restart app"))
        .isEqualTo(new TaskOutcome.Changed(List.of("systemctl restart app"), List.of()));
    assertThat(host.marks()).as("a handler that ran clears its mark").isEmpty();
    assertThat(Converged.run(PLAY, host).handlers())
        .as("and the run after that has nothing due")
        .isEmpty();
  }

  @Test
  void aHandlerAlreadyDueIsNotRecordedAgainAndFiresOnce() {
    Play play =
        new Play(
            "app",
            List.of(
                new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app")),
                new PlayTask(
                    TestTasks.command("migrate", "app", "migrate"), List.of("restart app"))),
            List.of(RESTART));
    FakeSession host =
        new FakeSession().file(CONF, "v1\n").mark(PendingMark.fileName("restart app"));

    Converged run = Converged.run(play, host);

    assertThat(host.commands()).noneMatch(r -> r.argv().contains(RemoteScripts.MARK_PENDING));
    assertThat(run.handlers()).containsExactly("restart app");
    assertThat(host.commands())
        .filteredOn(r -> r.argv().contains(RemoteScripts.RUN_HANDLER))
        .singleElement()
        .satisfies(r -> assertThat(r.argv()).endsWith("systemctl", "restart", "app"));
  }

  @Test
  void aRejectedConfigurationLeavesItsHandlersNotDue() {
    Step.WriteFile main =
        new Step.WriteFile(
            CONF, "broken\n".getBytes(StandardCharsets.UTF_8), "0644", null, null, true);
    Play play =
        new Play(
            "app",
            List.of(
                new PlayTask(
                    TestTasks.fixed(
                        "validated",
                        FactQuery.none(),
                        Plan.Changes.of(
                            new Step.ValidatedWrite(List.of(main), List.of("app", "check")))),
                    List.of("restart app"))),
            List.of(RESTART));
    FakeSession host =
        new FakeSession()
            .file(CONF, "v1\n")
            .failing(
                r -> r.argv().contains(RemoteScripts.COMMIT),
                RemoteScripts.REJECTED,
                "app: bad value\n");

    Converged run = Converged.run(play, host);

    assertThat(run.outcome("validated"))
        .isInstanceOfSatisfying(
            TaskOutcome.Failed.class,
            f -> assertThat(f.message()).startsWith("app check rejected the new configuration"));
    assertThat(host.marks()).as("recorded, then cleared: nothing changed after all").isEmpty();
    assertThat(host.content(CONF)).isEqualTo("v1\n");
    assertThat(run.handlers()).isEmpty();
  }

  @Test
  void aHandlerThatFailsStaysDueForTheNextRun() {
    FakeSession host =
        new FakeSession()
            .file(CONF, "v1\n")
            .failing(
                r -> r.argv().contains(RemoteScripts.RUN_HANDLER),
                1,
                "Job for app.service failed.\n");

    Converged run = Converged.run(PLAY, host);

    assertThat(run.outcome("restart app"))
        .isEqualTo(
            new TaskOutcome.Failed(
                "systemctl restart app failed (exit 1): Job for app.service failed.",
                "the handler stays due: the next run retries it; check the service's journal (journalctl -u UNIT)"));
    assertThat(host.marks()).containsExactly(PendingMark.fileName("restart app"));
    assertThat(run.summary())
        .extracting(HostSummary::failed, HostSummary::error)
        .containsExactly(1, "a task failed");
  }

  @Test
  void handlersRunInThePlaysOrderAfterEveryTask() {
    Handler reload = new Handler("reload web", List.of("systemctl", "reload", "web"));
    Play play =
        new Play(
            "app",
            List.of(
                new PlayTask(TestTasks.command("web", "web", "setup"), List.of("reload web")),
                new PlayTask(TestTasks.command("app", "app", "setup"), List.of("restart app"))),
            List.of(RESTART, reload));

    Converged run = Converged.run(play, new FakeSession());

    assertThat(run.started()).containsExactly("web", "app", "restart app", "reload web");
  }

  private static int indexOf(FakeSession host, Predicate<ExecRequest> which) {
    for (int i = 0; i < host.sent.size(); i++) {
      if (which.test(host.sent.get(i))) {
        return i;
      }
    }
    throw new AssertionError("not sent: " + host.sent);
  }
}
