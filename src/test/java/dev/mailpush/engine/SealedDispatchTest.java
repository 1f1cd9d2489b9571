package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.ssh.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sealed result types dispatch by {@code match}, one function per case: every permitted record
 * has a sample here (so a new record fails these tests until it is added), and each calls the
 * function of its own case.
 */
class SealedDispatchTest {
  static final Step.WriteFile WRITE =
      new Step.WriteFile(
          "/etc/a", "a\n".getBytes(StandardCharsets.UTF_8), "0644", null, null, false);

  /** One step of every kind. */
  static final List<Step> STEPS =
      List.of(
          new Step.RunCommand("run", ExecRequest.root(List.of("true"))),
          WRITE,
          new Step.ValidatedWrite(List.of(WRITE), List.of("true")),
          new Step.Custom("custom", session -> {}));

  @Test
  void everyPlanCallsItsOwnCase() {
    List<Plan> plans =
        List.of(
            new Plan.NoChange("right"),
            new Plan.Report("title", "text"),
            new Plan.Skip("n/a"),
            Plan.Changes.of(WRITE));
    assertEveryPermittedRecordIn(Plan.class, plans);
    for (Plan p : plans) {
      assertThat(p.<String>match(n -> "NoChange", r -> "Report", s -> "Skip", c -> "Changes"))
          .isEqualTo(p.getClass().getSimpleName());
    }
  }

  @Test
  void everyStepCallsItsOwnCase() {
    assertEveryPermittedRecordIn(Step.class, STEPS);
    for (Step s : STEPS) {
      assertThat(
              s.<String>match(
                  r -> "RunCommand", w -> "WriteFile", v -> "ValidatedWrite", c -> "Custom"))
          .isEqualTo(s.getClass().getSimpleName());
    }
  }

  @Test
  void everyOutcomeCallsItsOwnCase() {
    List<TaskOutcome> outcomes =
        List.of(
            new TaskOutcome.Ok("right"),
            new TaskOutcome.Changed(List.of("x"), List.of()),
            new TaskOutcome.Failed("broke", ""),
            new TaskOutcome.Skipped("n/a"));
    assertEveryPermittedRecordIn(TaskOutcome.class, outcomes);
    for (TaskOutcome o : outcomes) {
      assertThat(o.<String>match(ok -> "Ok", c -> "Changed", f -> "Failed", s -> "Skipped"))
          .isEqualTo(o.getClass().getSimpleName());
    }
  }

  @Test
  void everyEventCallsItsOwnCase() {
    List<RunEvent> events =
        List.of(
            new RunEvent.HostStarted("mx1", 1),
            new RunEvent.TaskStarted("mx1", "t", false),
            new RunEvent.TaskFinished(
                "mx1", "t", false, new TaskOutcome.Ok("right"), Duration.ZERO),
            new RunEvent.HostFinished(HostSummary.notRun("mx1")),
            new RunEvent.Stopped("too many failed"));
    assertEveryPermittedRecordIn(RunEvent.class, events);
    for (RunEvent e : events) {
      assertThat(
              e.<String>match(
                  hs -> "HostStarted",
                  ts -> "TaskStarted",
                  tf -> "TaskFinished",
                  hf -> "HostFinished",
                  s -> "Stopped"))
          .isEqualTo(e.getClass().getSimpleName());
    }
  }

  private static void assertEveryPermittedRecordIn(Class<?> sealed, List<?> samples) {
    assertThat(samples.stream().map(Object::getClass).toList())
        .as("a sample of every case of " + sealed.getSimpleName())
        .containsExactlyInAnyOrder(sealed.getPermittedSubclasses());
  }
}
