package dev.mailpush.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How full one mail user's mailbox is, as Dovecot's quota counts it.
 *
 * @param usedKib what the mailbox holds, in KiB
 * @param limitKib its limit in KiB; empty when it has none
 */
public record MailboxUsage(String user, long usedKib, Optional<Long> limitKib) {

  /** Percent of the limit in use (0 without a limit). */
  public int percent() {
    return limitKib.filter(l -> l > 0).map(l -> (int) (usedKib * 100 / l)).orElse(0);
  }

  /**
   * The STORAGE rows of {@code doveadm -f tab quota get -u USER}, run once per user after a line
   * "mailbox TAB USER". Lines that do not parse (headers, a user Dovecot does not know) are
   * skipped: this is a report, never a reason to fail.
   */
  static List<MailboxUsage> parse(String output) {
    List<MailboxUsage> out = new ArrayList<>();
    String user = null;
    for (String line : output.split("\n")) {
      String[] cols = line.split("\t");
      if (cols.length == 2 && cols[0].equals("mailbox")) {
        user = cols[1];
        continue;
      }
      if (user == null || cols.length < 4 || !cols[1].equals("STORAGE")) {
        continue;
      }
      try {
        long used = Long.parseLong(cols[2].strip());
        Optional<Long> limit =
            cols[3].strip().equals("-")
                ? Optional.empty()
                : Optional.of(Long.parseLong(cols[3].strip()));
        out.add(new MailboxUsage(user, used, limit));
        user = null; // one row per user
      } catch (NumberFormatException e) {
        // not a number: leave this row out
      }
    }
    return out;
  }
}
