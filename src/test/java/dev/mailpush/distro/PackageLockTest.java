package dev.mailpush.distro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * apt's own words about a held lock (captured from apt 2.6 on Debian 12) and what mailpush makes of
 * them.
 */
class PackageLockTest {
  private static final String WAITING =
      "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 134 (perl)...\n";
  private static final String INSTALLED =
      """
      Reading package lists...
      Building dependency tree...
      The following NEW packages will be installed:
        hello
      Setting up hello (2.10-3) ...
      """;
  private static final String GAVE_UP =
      "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?\n";

  @Test
  void aWaitIsCountedInSecondsAndNamesTheHolder() {
    PackageLock lock = PackageLock.waited(WAITING.repeat(5) + INSTALLED).orElseThrow();
    assertThat(lock)
        .isEqualTo(new PackageLock("/var/lib/dpkg/lock-frontend", "process 134 (perl)", 5));
    assertThat(lock.describeWait())
        .isEqualTo("waited about 5 s for the package manager lock held by process 134 (perl)");
  }

  @Test
  void noWaitingLineMeansNoWait() {
    assertThat(PackageLock.waited(INSTALLED)).isEmpty();
    assertThat(PackageLock.waited("")).isEmpty();
  }

  @Test
  void givingUpAfterWaitingNamesTheHolderFromTheWaitingLines() {
    PackageLock lock = PackageLock.gaveUp(WAITING.repeat(3), GAVE_UP).orElseThrow();
    assertThat(lock.describeFailure())
        .isEqualTo(
            "another package manager (process 134 (perl)) held"
                + " /var/lib/dpkg/lock-frontend for "
                + Distro.PACKAGE_LOCK_TIMEOUT_SECONDS
                + " s and apt gave up waiting");
    assertThat(lock.hint()).contains("unattended-upgrades", "ps -p 134;", "run mailpush again");
  }

  @Test
  void givingUpAtOnceNamesTheHolderFromTheError() {
    String stderr =
        "E: Could not get lock /var/lib/dpkg/lock. It is held by process 4321 (unattended-upgr)\n"
            + "E: Unable to lock the administration directory (/var/lib/dpkg/), is another process using it?\n";
    PackageLock lock = PackageLock.gaveUp("", stderr).orElseThrow();
    assertThat(lock.lock()).isEqualTo("/var/lib/dpkg/lock");
    assertThat(lock.holder()).isEqualTo("process 4321 (unattended-upgr)");
  }

  @Test
  void otherAptFailuresAreNotALock() {
    assertThat(PackageLock.gaveUp("", "E: Unable to locate package nosuch\n")).isEmpty();
    assertThat(PackageLock.gaveUp(WAITING, "E: Unable to locate package nosuch\n")).isEmpty();
  }
}
