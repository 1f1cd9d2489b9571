package dev.mailpush.distro;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another package manager holding the lock apt needs (unattended-upgrades, an admin's apt in
 * another terminal), as apt reports it: apt retries once a second up to {@link
 * Distro#PACKAGE_LOCK_TIMEOUT_SECONDS} and prints a "Waiting for cache lock" line on stdout for
 * each try, naming the lock and its holder.
 *
 * @param lock the lock file, e.g. /var/lib/dpkg/lock-frontend
 * @param holder who holds it as apt names it, e.g. "process 218 (perl)"; empty when apt did not say
 * @param seconds about how long apt waited: one line per second of waiting
 */
public record PackageLock(String lock, String holder, int seconds) {
  private static final String WAITING = "Waiting for cache lock: ";
  private static final Pattern HELD =
      Pattern.compile(
          "Could not get lock (\\S+?)\\.? It is held by (process \\d+(?: \\([^)]*\\))?)");
  private static final Pattern GAVE_UP =
      Pattern.compile(
          "Unable to acquire the dpkg frontend lock \\((\\S+)\\)|E: Could not get lock (\\S+?)\\.?(?:\\s|$)");

  /**
   * That apt waited for the lock, from its output; empty when it got the lock at once (or is not
   * apt).
   */
  public static Optional<PackageLock> waited(String stdout) {
    int seconds = 0;
    PackageLock last = null;
    for (String line : stdout.split("\n")) {
      if (line.startsWith(WAITING)) {
        seconds++;
        Matcher m = HELD.matcher(line);
        last = m.find() ? new PackageLock(m.group(1), m.group(2), 0) : last;
      }
    }
    return last == null
        ? Optional.empty()
        : Optional.of(new PackageLock(last.lock, last.holder, seconds));
  }

  /**
   * That apt gave up waiting for the lock, from its output; empty when it failed for another
   * reason.
   */
  public static Optional<PackageLock> gaveUp(String stdout, String stderr) {
    Matcher m = GAVE_UP.matcher(stderr);
    if (!m.find()) {
      return Optional.empty();
    }
    String lock = m.group(1) != null ? m.group(1) : m.group(2);
    // The holder is named in the waiting lines (stdout) or, when apt did not wait, in its error.
    Matcher held = HELD.matcher(stderr);
    String holder =
        held.find() ? held.group(2) : waited(stdout).map(PackageLock::holder).orElse("");
    return Optional.of(
        new PackageLock(lock, holder, waited(stdout).map(PackageLock::seconds).orElse(0)));
  }

  /**
   * For a task that went through: "waited about 12 s for the package manager lock held by process
   * 218 (perl)".
   */
  public String describeWait() {
    return "waited about "
        + seconds
        + " s for the package manager lock"
        + (holder.isEmpty() ? "" : " held by " + holder);
  }

  /** For a task that failed: who held which lock for how long. */
  public String describeFailure() {
    return "another package manager"
        + (holder.isEmpty() ? "" : " (" + holder + ")")
        + " held "
        + lock
        + " for "
        + Distro.PACKAGE_LOCK_TIMEOUT_SECONDS
        + " s and apt gave up waiting";
  }

  /** What to do about it. */
  public String hint() {
    return "wait for it to finish (often unattended-upgrades: systemctl status unattended-upgrades apt-daily-upgrade;"
        + (holder.isEmpty() ? "" : " ps -p " + holder.replaceAll("process (\\d+).*", "$1") + ";")
        + " do not delete the lock file) and run mailpush again";
  }
}
