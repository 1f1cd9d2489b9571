package dev.mailpush.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures the status page charts survive between runs, the last ones only. */
class StatusHistoryTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aSampleIsTheQueueCountAndTheFullestDisk() {
    StatusHistory.Sample s =
        StatusHistory.Sample.of(
            T0,
            List.of(
                check("queue", "4"),
                check("disk-/home", "35"),
                check("disk-/var/spool/postfix", "61"),
                check("certificate", "80")));
    assertThat(s.queue()).hasValue(4);
    assertThat(s.diskPercent()).hasValue(61);
    StatusHistory.Sample none = StatusHistory.Sample.of(T0, List.of(check("release", null)));
    assertThat(none.queue()).isEmpty();
    assertThat(none.diskPercent()).isEmpty();
  }

  @Test
  void keepsTheLastRunsOfEachHostAcrossInstances() {
    for (int i = 0; i < StatusHistory.KEPT + 5; i++) {
      new StatusHistory(dir)
          .append(
              "mx1.a.test",
              new StatusHistory.Sample(T0.plusSeconds(i), OptionalInt.of(i), OptionalInt.empty()));
    }
    new StatusHistory(dir)
        .append("mx2.a.test", new StatusHistory.Sample(T0, OptionalInt.empty(), OptionalInt.of(7)));
    List<StatusHistory.Sample> mx1 = new StatusHistory(dir).read("mx1.a.test");
    assertThat(mx1).hasSize(StatusHistory.KEPT);
    assertThat(mx1.get(0).queue()).hasValue(5);
    assertThat(mx1.get(mx1.size() - 1).at()).isEqualTo(T0.plusSeconds(StatusHistory.KEPT + 4));
    assertThat(new StatusHistory(dir).read("mx2.a.test"))
        .containsExactly(new StatusHistory.Sample(T0, OptionalInt.empty(), OptionalInt.of(7)));
  }

  @Test
  void aDamagedLineIsSkippedAndNoFileIsNoHistory() throws IOException {
    assertThat(new StatusHistory(dir).read("new.a.test")).isEmpty();
    Files.writeString(
        dir.resolve("mx1.a.test.tsv"), "2026-12-03T10:00:00Z\t1\t2\nnot a time\t3\t4\nshort\n");
    assertThat(new StatusHistory(dir).read("mx1.a.test"))
        .containsExactly(new StatusHistory.Sample(T0, OptionalInt.of(1), OptionalInt.of(2)));
  }

  private static Check check(String name, String found) {
    return new Check(Subject.host("mx1"), name, Status.OK, found, null, null, "m");
  }
}
