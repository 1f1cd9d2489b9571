package dev.mailpush.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host script's result lines become checks; anything else it prints is not a result. */
class CheckLinesTest {
  @Test
  void eachTabSeparatedResultLineIsOneCheck() {
    List<Check> checks =
        CheckLines.parse(
            Subject.host("mx1"),
            "backup\tok\tsnapshot 85b250dd: 92 files\t\n"
                + "restic says something\n"
                + "retention\twarn\tforget failed\tsee the journal\n"
                + "last-backup\tfail\tcannot open\tcheck password_file\n"
                + "odd\tmaybe\tnot a status\t\n");
    assertThat(checks)
        .extracting(Check::check, Check::status, Check::message, Check::fix)
        .containsExactly(
            tuple("backup", Status.OK, "snapshot 85b250dd: 92 files", null),
            tuple("retention", Status.WARN, "forget failed", "see the journal"),
            tuple("last-backup", Status.FAIL, "cannot open", "check password_file"));
    assertThat(checks).allSatisfy(c -> assertThat(c.host()).isEqualTo("mx1"));
  }

  @Test
  void aFifthFieldIsTheMeasuredValue() {
    List<Check> checks =
        CheckLines.parse(
            Subject.host("mx1"),
            "queue\twarn\t3 message(s) queued\tpostqueue -p\t3\n"
                + "disk-/home\tok\t/home: 12% used\t\t12\n"
                + "release\tok\tsupported\t\n");
    assertThat(checks)
        .extracting(Check::check, Check::found, Check::fix)
        .containsExactly(
            tuple("queue", "3", "postqueue -p"),
            tuple("disk-/home", "12", null),
            tuple("release", null, null));
  }
}
