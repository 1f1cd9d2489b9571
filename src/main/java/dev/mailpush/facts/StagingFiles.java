package dev.mailpush.facts;

import java.util.List;

/**
 * Finds staging files that a lost connection left behind. Every write puts its content in {@code
 * DIR/.mailpush.XXXXXX} (mktemp) beside its target before renaming it over the target; a connection
 * lost between the two (after a validated group was staged, before it was committed) leaves that
 * file, never to be used.
 *
 * <p>When is such a file stale, i.e. its writer gone? Not "as soon as the next run sees it":
 * another run on the same host (a second admin, a cron job) may be between staging and committing
 * it, or still writing it. Removing it then loses no data (that run's rename fails and it puts
 * every file back), but it fails that run, and a file removed between mktemp and the write would be
 * recreated with the umask's mode rather than mktemp's 0600, briefly readable. So a staging file is
 * stale only when both hold:
 *
 * <ul>
 *   <li>no process has it open: a writer still receiving it (even one stalled behind a dead network
 *       whose sshd has not noticed yet) holds it open, and removes it itself when its input ends
 *       short;
 *   <li>it has not changed for {@value #STALE_MINUTES} minutes: a staged file waits only while the
 *       rest of its group is uploaded, seconds on a working link (a stalled one is given up within
 *       the keepalive bound).
 * </ul>
 *
 * A leftover younger than that stays until a later run: it is hidden and harmless, so waiting costs
 * nothing.
 *
 * <p>Looking costs a no-op run nothing: one glob per directory in the fact probe, no process
 * started, unless a candidate exists. Only names mktemp can make are considered, so the probe's
 * output cannot be garbled.
 */
public final class StagingFiles {
  /**
   * Minutes a staging file must have been left untouched (and unopened) to count as left behind.
   */
  public static final int STALE_MINUTES = 10;

  private StagingFiles() {}

  /**
   * Shell lines for the probe: {@code L TAB INDEX TAB NAME} for each stale staging file, INDEX
   * being the directory's position in {@code dirs} as given.
   */
  static String probe(List<String> dirs, String quotedDirs) {
    if (dirs.isEmpty()) {
      return "";
    }
    return "i=0\n"
        + "for d in "
        + quotedDirs
        + "; do\n"
        + "  for f in \"$d\"/.mailpush.??????; do\n"
        // Also skips the unmatched pattern itself, so no candidate means no command run.
        + "    case \"${f##*/}\" in *[!A-Za-z0-9.]*) continue;; esac\n"
        + "    [ -f \"$f\" ] && [ ! -L \"$f\" ] || continue\n"
        + "    [ -n \"$(find \"$f\" -maxdepth 0 -mmin +"
        + STALE_MINUTES
        + ")\" ] || continue\n"
        + "    for o in /proc/[0-9]*/fd/*; do [ \"$o\" -ef \"$f\" ] && continue 2; done\n"
        + "    printf 'L\\t%s\\t%s\\n' \"$i\" \"${f##*/}\"\n"
        + "  done\n"
        + "  i=$((i + 1))\n"
        + "done\n";
  }
}
