package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailpush.ssh.SshException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Batches ({@code --serial}), parallel hosts ({@code --forks}) and the stop at {@code
 * --max-fail-percent}.
 */
class RunnerTest {
  private static final Play PLAY =
      new Play("one", List.of(PlayTask.of(TestTasks.command("work", "app", "work"))), List.of());

  private final List<RunEvent> events = new CopyOnWriteArrayList<>();
  private final Set<String> opened = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@link #PLAY} on hosts named by {@code hosts}: "ok", "fail" (its task fails) or "down"
   * (unreachable).
   */
  private List<HostSummary> run(List<String> hosts, RunOptions options) {
    SessionOpener opener =
        t -> {
          opened.add(t.name());
          return switch (t.name().replaceAll("[0-9]", "")) {
            case "down" ->
                throw new SshException(
                    SshException.Kind.UNREACHABLE, t.name() + ": no route to host", "");
            case "fail" ->
                new FakeSession().failing(FakeSession.argv("app", "work"), 1, "broken\n");
            default -> new FakeSession();
          };
        };
    List<Runner.Assignment> assignments =
        hosts.stream().map(h -> new Runner.Assignment(new Target(h), PLAY)).toList();
    return new Runner(opener, events::add, Clock.systemUTC()).run(assignments, options);
  }

  private static RunOptions serial(String serial, int maxFailPercent) {
    return new RunOptions(false, false, 10, RunOptions.Serial.parse(serial), maxFailPercent);
  }

  @Test
  void withoutSerialEveryHostRunsAndEachGetsASummaryInOrder() {
    List<HostSummary> summaries =
        run(List.of("ok1", "fail2", "down3", "ok4"), new RunOptions(false, false, 2, null, 0));

    assertThat(summaries)
        .extracting(HostSummary::host)
        .containsExactly("ok1", "fail2", "down3", "ok4");
    assertThat(summaries).extracting(HostSummary::bad).containsExactly(false, true, true, false);
    assertThat(summaries.get(2).unreachable()).isTrue();
    assertThat(events).noneMatch(RunEvent.Stopped.class::isInstance);
  }

  @Test
  void aBatchStartsOnlyOnceThePreviousOneFinished() {
    run(List.of("ok1", "ok2", "ok3", "ok4"), serial("2", 100));

    List<String> order =
        events.stream()
            .map(
                e ->
                    e instanceof RunEvent.HostStarted s
                        ? "start " + s.host()
                        : e instanceof RunEvent.HostFinished f
                            ? "finish " + f.summary().host()
                            : "")
            .filter(s -> !s.isEmpty())
            .toList();
    assertThat(order.subList(0, 4))
        .containsExactlyInAnyOrder("start ok1", "start ok2", "finish ok1", "finish ok2");
    assertThat(order.subList(4, 8))
        .containsExactlyInAnyOrder("start ok3", "start ok4", "finish ok3", "finish ok4");
  }

  @Test
  void moreFailuresThanMaxFailPercentStopTheLaterBatchesUnopened() {
    List<HostSummary> summaries = run(List.of("fail1", "ok2", "ok3"), serial("1", 0));

    assertThat(summaries)
        .extracting(HostSummary::host, HostSummary::notRun)
        .containsExactly(tuple("fail1", false), tuple("ok2", true), tuple("ok3", true));
    assertThat(summaries.get(1).error()).isEqualTo("not run: an earlier batch failed");
    assertThat(opened).containsExactly("fail1");
    assertThat(events)
        .filteredOn(RunEvent.Stopped.class::isInstance)
        .containsExactly(
            new RunEvent.Stopped(
                "1 of 1 hosts failed, more than --max-fail-percent 0%: later batches are not run"));
  }

  @Test
  void failuresExactlyAtTheThresholdGoOn() {
    List<HostSummary> summaries = run(List.of("ok1", "fail2", "ok3", "fail4"), serial("1", 50));

    assertThat(summaries).extracting(HostSummary::notRun).containsOnly(false);
    assertThat(opened).hasSize(4);
    assertThat(events).noneMatch(RunEvent.Stopped.class::isInstance);
  }

  @Test
  void anUnreachableHostCountsAsFailedAndAPercentageSetsTheBatchSize() {
    List<HostSummary> summaries =
        run(List.of("ok1", "down2", "ok3", "ok4", "ok5"), serial("40%", 49));

    assertThat(summaries)
        .extracting(HostSummary::notRun)
        .containsExactly(false, false, true, true, true);
    assertThat(opened).containsExactlyInAnyOrder("ok1", "down2");
    assertThat(events)
        .filteredOn(RunEvent.Stopped.class::isInstance)
        .singleElement()
        .isEqualTo(
            new RunEvent.Stopped(
                "1 of 2 hosts failed, more than --max-fail-percent 49%: later batches are not run"));
  }

  @Test
  void theLastBatchIsNeverFollowedByAStop() {
    run(List.of("ok1", "fail2"), serial("1", 0));

    assertThat(events).noneMatch(RunEvent.Stopped.class::isInstance);
    assertThat(opened).hasSize(2);
  }
}
