package dev.mailpush.api;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result lines of mailpush's scripts on the hosts (backup, relay check): one check per line, so
 * a script reports in the same words as the rest of mailpush.
 */
final class CheckLines {
  private CheckLines() {}

  /**
   * {@code CHECK <TAB> ok|warn|fail <TAB> message <TAB> fix [<TAB> found]} lines, found being the
   * measured value where there is one (a count, a percentage); anything else is ignored.
   */
  static List<Check> parse(Subject subject, String stdout) {
    List<Check> checks = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length != 4 && f.length != 5) {
        continue;
      }
      Status status =
          switch (f[1].toLowerCase(Locale.ROOT)) {
            case "ok" -> Status.OK;
            case "warn" -> Status.WARN;
            case "fail" -> Status.FAIL;
            default -> null;
          };
      if (status != null) {
        checks.add(
            new Check(
                subject,
                f[0],
                status,
                f.length == 5 && !f[4].isEmpty() ? f[4] : null,
                null,
                f[3].isEmpty() ? null : f[3],
                f[2]));
      }
    }
    return checks;
  }
}
