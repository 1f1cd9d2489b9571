package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.facts.FactQuery;
import dev.mailpush.ssh.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A host's run against a scripted session: which commands reach the host, and what the report says.
 */
class HostRunTest {
  private static final String PENDING = "/var/lib/mailpush/pending";

  /**
   * Names a playbook may give its handlers: none may leave the pending directory or share a mark.
   */
  private static final List<String> HOSTILE =
      List.of(
          "../x",
          "../../etc/cron.d/evil",
          "a/b",
          "/etc/passwd",
          ".",
          "..",
          "x\ny",
          "tab\there",
          "nul\0byte",
          "restart postfix",
          "restart%20postfix",
          "restart_postfix",
          "a b",
          "a_b",
          "",
          " ",
          "%",
          "%25",
          "~",
          "é",
          "\uD800",
          "-rf",
          "x".repeat(300),
          "x".repeat(299) + "y");

  @Test
  void hostileHandlerNamesStayInsideThePendingDirectoryAndNeverShareAMark() {
    List<Handler> handlers = HOSTILE.stream().map(n -> new Handler(n, List.of("true"))).toList();
    Play play =
        new Play(
            "hostile",
            List.of(new PlayTask(TestTasks.command("change", "true"), HOSTILE)),
            handlers);
    FakeSession host = new FakeSession();

    List<RunEvent> events = Converged.run(play, host).events();

    List<String> marked = new ArrayList<>();
    List<String> fired = new ArrayList<>();
    for (ExecRequest r : host.sent) {
      List<String> argv = r.argv();
      if (argv.contains(RemoteScripts.MARK_PENDING)) {
        assertThat(argv.get(4)).isEqualTo(PENDING);
        marked.addAll(argv.subList(5, argv.size()));
      } else if (argv.contains(RemoteScripts.RUN_HANDLER)) {
        fired.add(argv.get(4));
      }
    }
    assertThat(marked).as("one mark per handler").hasSize(HOSTILE.size());
    assertThat(new HashSet<>(marked)).as("no two handlers share a mark").hasSize(HOSTILE.size());
    for (String name : marked) {
      assertThat(name)
          .as("a plain file name")
          .isNotIn("", ".", "..")
          .doesNotContain("/", "\n", "\t", "\0");
      assertThat(name.getBytes(StandardCharsets.UTF_8).length)
          .as("fits NAME_MAX")
          .isLessThanOrEqualTo(255);
    }
    assertThat(fired)
        .as("each handler clears its own mark")
        .hasSize(HOSTILE.size())
        .allSatisfy(p -> assertThat(p).startsWith(PENDING + "/"))
        .allSatisfy(p -> assertThat(marked).contains(p.substring(PENDING.length() + 1)));
    assertThat(new HashSet<>(fired)).hasSize(HOSTILE.size());
    assertThat(events)
        .filteredOn(e -> e instanceof RunEvent.TaskFinished f && f.handler())
        .hasSize(HOSTILE.size());
  }

  @Test
  void aMarkLeftBeforeMarksWereEncodedStillFiresAndIsCleared() {
    Play play =
        new Play(
            "upgrade",
            List.of(PlayTask.of(new TestTasks.Reader("nothing", "/etc/faults/a.conf"))),
            List.of(new Handler("restart postfix", List.of("systemctl", "restart", "postfix"))));
    FakeSession host = new FakeSession().mark("restart postfix");

    Converged.run(play, host);

    ExecRequest fire =
        host.sent.stream()
            .filter(r -> r.argv().contains(RemoteScripts.RUN_HANDLER))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the old mark did not fire: " + host.sent));
    assertThat(fire.argv())
        .contains(PENDING + "/restart postfix")
        .endsWith("systemctl", "restart", "postfix");
  }

  private static final String STALE = "/etc/faults/.mailpush.AbC123";
  private static final Play NOOP =
      new Play(
          "noop",
          List.of(PlayTask.of(new TestTasks.Reader("nothing", "/etc/faults/a.conf"))),
          List.of());

  /** Changes a file that notifies a handler, runs a command, then reads the file. */
  private static final Play CHANGING =
      new Play(
          "check",
          List.of(
              new PlayTask(TestTasks.put("/etc/app/app.conf", "new\n"), List.of("reload app")),
              PlayTask.of(TestTasks.command("migrate", "app", "migrate")),
              PlayTask.of(new TestTasks.Reader("later", "/etc/app/app.conf"))),
          List.of(new Handler("reload app", List.of("systemctl", "reload", "app"))));

  @Test
  void aNoOpRunLooksForLeftoverStagingFilesInItsOneProbe() {
    FakeSession host = new FakeSession();

    List<RunEvent> events = Converged.run(NOOP, host).events();

    assertThat(host.sent).as("the probe and nothing else").hasSize(1);
    assertThat(new String(host.sent.get(0).stdin(), StandardCharsets.UTF_8))
        .contains("/etc/faults", ".mailpush.??????");
    assertThat(events)
        .noneMatch(
            e -> e instanceof RunEvent.TaskStarted t && t.task().equals(StagingCleanup.NAME));
  }

  @Test
  void leftoverStagingFilesAreRemovedWithOneMoreExecAndReported() {
    FakeSession host = new FakeSession().probeAnswers("L\t0\t.mailpush.AbC123\n");

    Converged run = Converged.run(NOOP, host);

    assertThat(host.sent).hasSize(2);
    assertThat(host.sent.get(1).argv()).containsExactly("rm", "-f", "--", STALE);
    assertThat(run.outcome(StagingCleanup.NAME))
        .isEqualTo(
            new TaskOutcome.Changed(
                List.of("removed 1 leftover staging file: " + STALE), List.of()));
    assertThat(run.outcome("nothing")).isInstanceOf(TaskOutcome.Ok.class);
  }

  @Test
  void checkModeOnlySaysItWouldRemoveThem() {
    FakeSession host =
        new FakeSession().probeAnswers("L\t0\t.mailpush.AbC123\nL\t0\t.mailpush.dEf456\n");

    Converged run = Converged.run(NOOP, host, Converged.CHECK);

    assertThat(host.sent).hasSize(1);
    assertThat(run.outcome(StagingCleanup.NAME))
        .isEqualTo(
            new TaskOutcome.Changed(
                List.of(
                    "would remove 2 leftover staging files: "
                        + STALE
                        + ", /etc/faults/.mailpush.dEf456"),
                List.of()));
  }

  @Test
  void everyKindOfPlanEndsInItsOwnOutcome() {
    Play play =
        new Play(
            "kinds",
            List.of(
                PlayTask.of(
                    TestTasks.fixed(
                        "no change", FactQuery.none(), new Plan.NoChange("already right"))),
                PlayTask.of(
                    TestTasks.fixed(
                        "report",
                        FactQuery.none(),
                        new Plan.Report("DKIM record", "mail._domainkey TXT"))),
                PlayTask.of(
                    TestTasks.fixed("skip", FactQuery.none(), new Plan.Skip("Dovecot 2.4 only"))),
                PlayTask.of(TestTasks.command("changes", "true"))),
            List.of());

    Converged run = Converged.run(play, new FakeSession());

    assertThat(run.outcome("no change")).isEqualTo(new TaskOutcome.Ok("already right"));
    assertThat(run.outcome("report"))
        .isEqualTo(new TaskOutcome.Ok("DKIM record", "mail._domainkey TXT"));
    assertThat(run.outcome("skip")).isEqualTo(new TaskOutcome.Skipped("Dovecot 2.4 only"));
    assertThat(run.outcome("changes"))
        .isEqualTo(new TaskOutcome.Changed(List.of("changes"), List.of()));
    assertThat(run.summary())
        .extracting(
            HostSummary::ok,
            HostSummary::changed,
            HostSummary::failed,
            HostSummary::skipped,
            HostSummary::unreachable,
            HostSummary::error)
        .containsExactly(2, 1, 0, 1, false, "");
  }

  @Test
  void aFailedTaskStopsTheHostAndIsCountedOnce() {
    Play play =
        new Play(
            "stop",
            List.of(
                PlayTask.of(TestTasks.command("breaks", "false")),
                PlayTask.of(TestTasks.command("later", "true"))),
            List.of());
    FakeSession host = new FakeSession().failing(FakeSession.argv("false"), 1, "no such thing\n");

    Converged run = Converged.run(play, host);

    assertThat(run.outcome("breaks"))
        .isEqualTo(new TaskOutcome.Failed("breaks failed (exit 1):\n    no such thing", ""));
    assertThat(run.started()).containsExactly("breaks");
    assertThat(run.summary())
        .extracting(HostSummary::failed, HostSummary::error)
        .containsExactly(1, "a task failed");
  }

  @Test
  void checkModeSendsNothingThatChangesTheHostAndSaysWhatWouldRun() {
    FakeSession plain = new FakeSession().file("/etc/app/app.conf", "old\n");
    Converged.run(CHANGING, plain, Converged.CHECK);
    assertThat(plain.sent).as("without --diff: the probe alone").hasSize(1);

    FakeSession host = new FakeSession().file("/etc/app/app.conf", "old\n");

    Converged run = Converged.run(CHANGING, host, Converged.CHECK_DIFF);

    assertThat(host.commands())
        .as("with --diff: only reads of the files it shows")
        .allSatisfy(r -> assertThat(r.argv()).contains(RemoteScripts.READ_FILES));
    assertThat(host.probes()).as("nothing changed, so nothing is probed again").hasSize(1);
    assertThat(host.content("/etc/app/app.conf")).isEqualTo("old\n");
    assertThat(host.marks()).isEmpty();
    assertThat(run.outcome("/etc/app/app.conf"))
        .isInstanceOfSatisfying(
            TaskOutcome.Changed.class,
            c -> {
              assertThat(c.actions()).containsExactly("write /etc/app/app.conf (0644)");
              assertThat(c.diffs()).singleElement().asString().contains("-old", "+new");
            });
    assertThat(run.outcome("migrate"))
        .isEqualTo(new TaskOutcome.Changed(List.of("migrate"), List.of()));
    assertThat(run.outcome("reload app"))
        .isEqualTo(new TaskOutcome.Changed(List.of("would run systemctl reload app"), List.of()));
    assertThat(run.summary().changed()).isEqualTo(3);
  }
}
