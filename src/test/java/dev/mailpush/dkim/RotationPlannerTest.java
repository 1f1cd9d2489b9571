package dev.mailpush.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.dkim.RotationPlanner.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rotation's state machine, step by step, and the property it exists for: signing never
 * switches to a key DNS was not seen answering with.
 */
class RotationPlannerTest {
  static final Instant T0 = Instant.parse("2026-12-03T18:00:00Z");
  static final Duration WEEK = Duration.ofDays(7);
  static final String NEW_TXT =
      "mp20261203._domainkey IN TXT ( \"v=DKIM1; h=sha256; k=rsa; \" \"p=NEWKEY\" )";
  static final Visibility HIDDEN = new Visibility.NotVisible("no DKIM record");
  static final Visibility SEEN = new Visibility.Visible();

  static DomainKeys keys(DkimState state, Map<String, Optional<String>> records) {
    return new DomainKeys(state.signing("mail"), state, records);
  }

  static RotationStep next(
      DomainKeys keys, Visibility v, boolean dns, boolean published, boolean first, Instant now) {
    return RotationPlanner.next(
        new RotationPlanner.Input(keys, v, dns, published, first, now, WEEK, "mp20261203"));
  }

  static final DomainKeys FRESH = keys(DkimState.none(), Map.of("mail", Optional.of("old")));
  static final DomainKeys PENDING =
      keys(
          DkimState.none().withPending("mp20261203"),
          Map.of("mail", Optional.of("old"), "mp20261203", Optional.of(NEW_TXT)));
  static final DomainKeys SWITCHED =
      keys(
          DkimState.none().withPending("mp20261203").switched("mail", T0),
          Map.of("mail", Optional.of("old"), "mp20261203", Optional.of(NEW_TXT)));

  @Test
  void step1MakesANewKeyOnlyAsARunsFirstStep() {
    assertThat(next(FRESH, HIDDEN, true, false, true, T0))
        .isEqualTo(new RotationStep.Generate("mp20261203"));
    assertThat(next(FRESH, HIDDEN, true, false, false, T0))
        .as("a run that just finished a rotation does not start the next")
        .isEqualTo(new RotationStep.Done());
  }

  @Test
  void step2PublishesWithDnsOnceThenWaitsAndWithoutDnsWaitsWithTheRecord() {
    assertThat(next(PENDING, HIDDEN, true, false, false, T0))
        .isEqualTo(new RotationStep.Publish("mp20261203", "v=DKIM1; h=sha256; k=rsa; p=NEWKEY"));
    assertThat(next(PENDING, HIDDEN, true, true, false, T0))
        .as("sent, but not answered yet: wait, do not send again")
        .isInstanceOf(RotationStep.WaitForRecord.class);
    RotationStep manual = next(PENDING, HIDDEN, false, false, true, T0);
    assertThat(manual).isInstanceOf(RotationStep.WaitForRecord.class);
    assertThat(((RotationStep.WaitForRecord) manual).value()).contains("p=NEWKEY");
    assertThat(manual.waits()).isTrue();
  }

  @Test
  void step3SwitchesOnlyOnceTheRecordIsVisible() {
    assertThat(next(PENDING, SEEN, true, true, false, T0))
        .isEqualTo(new RotationStep.Switch("mail", "mp20261203"));
    assertThat(next(PENDING, SEEN, false, false, true, T0))
        .as("published by hand, seen by the resolver")
        .isEqualTo(new RotationStep.Switch("mail", "mp20261203"));
  }

  @Test
  void step4WaitsForTheGraceThenRetiresTheOldKey() {
    RotationStep before = next(SWITCHED, HIDDEN, true, false, true, T0.plus(Duration.ofDays(6)));
    assertThat(before).isEqualTo(new RotationStep.WaitForGrace("mail", T0.plus(WEEK)));
    assertThat(next(SWITCHED, HIDDEN, true, false, true, T0.plus(WEEK)))
        .isEqualTo(new RotationStep.Retire("mail"));
    DomainKeys done = keys(SWITCHED.state().retired(), Map.of("mp20261203", Optional.of(NEW_TXT)));
    assertThat(done.signing()).isEqualTo("mp20261203");
    assertThat(next(done, HIDDEN, true, false, false, T0.plus(WEEK)))
        .isEqualTo(new RotationStep.Done());
  }

  @Test
  void aPendingKeyWithoutItsRecordFileIsBrokenNotSwitched() {
    DomainKeys lost =
        keys(DkimState.none().withPending("mp20261203"), Map.of("mail", Optional.of("old")));
    assertThat(next(lost, SEEN, true, false, true, T0)).isInstanceOf(RotationStep.Broken.class);
  }

  /**
   * Every combination of the planner's inputs: whenever DNS was not seen with the new key, the step
   * is never a switch; and whatever the inputs, the signing selector only ever becomes one that was
   * visible.
   */
  @Test
  void noInputEverSwitchesToAKeyDnsWasNotSeenAnswering() {
    List<DomainKeys> states = List.of(FRESH, PENDING, SWITCHED);
    for (DomainKeys k : states) {
      for (boolean dns : new boolean[] {true, false}) {
        for (boolean published : new boolean[] {true, false}) {
          for (boolean first : new boolean[] {true, false}) {
            for (Instant now : List.of(T0, T0.plus(WEEK), T0.plus(Duration.ofDays(30)))) {
              RotationStep s = next(k, HIDDEN, dns, published, first, now);
              assertThat(s)
                  .as("%s dns=%s published=%s first=%s", k.state(), dns, published, first)
                  .isNotInstanceOf(RotationStep.Switch.class);
            }
          }
        }
      }
    }
  }

  @Test
  void newSelectorsAreDatedDnsLabelsUniqueOnTheHost() {
    LocalDate day = LocalDate.of(2026, 12, 3);
    assertThat(RotationPlanner.newSelector(day, "mx1", false, Set.of("mail")))
        .isEqualTo("mp20261203");
    assertThat(RotationPlanner.newSelector(day, "mx1", false, Set.of("mp20261203")))
        .isEqualTo("mp20261203b");
    assertThat(RotationPlanner.newSelector(day, "MX_1", true, Set.of()))
        .isEqualTo("mp20261203-mx-1");
    assertThat(
            DkimState.isSelector(RotationPlanner.newSelector(day, "x".repeat(80), true, Set.of())))
        .isTrue();
  }
}
