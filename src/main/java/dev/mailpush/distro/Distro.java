package dev.mailpush.distro;

import dev.mailpush.MailpushException;
import dev.mailpush.facts.OsRelease;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A supported distribution release, detected from {@code /etc/os-release}: decides the package
 * manager and the names of packages, services and paths.
 */
public record Distro(String id, String version, Family family, String prettyName) {

  /**
   * How long apt waits for a lock another package manager holds (unattended-upgrades runs for
   * minutes) before it gives up; see {@link PackageLock}.
   */
  public static final int PACKAGE_LOCK_TIMEOUT_SECONDS = 300;

  /**
   * {@code apt-get update}, skipped when mailpush refreshed the index less than 30 minutes ago: a
   * play with several package tasks (or a re-run after a failure) refreshes once. First, packages
   * an interrupted run left half installed (the SSH connection or the laptop died during dpkg) are
   * configured, as apt-get demands before it installs anything else.
   */
  private static final String APT_REFRESH =
      """
      if [ -n "$(dpkg --audit 2>/dev/null)" ]; then
        DEBIAN_FRONTEND=noninteractive dpkg --configure -a --force-confdef --force-confold
      fi
      stamp=/var/lib/mailpush/apt-updated
      if [ -z "$(find "$stamp" -mmin -30 2>/dev/null)" ]; then
        apt-get update -q -o DPkg::Lock::Timeout=%d && mkdir -p /var/lib/mailpush && touch "$stamp"
      fi
      """
          .formatted(PACKAGE_LOCK_TIMEOUT_SECONDS);

  /**
   * Runs its arguments with Debian's policy-rc.d hook (invoke-rc.d and deb-systemd-invoke ask it
   * before acting) denying every start of a service that is not already running: a package
   * installed now does not start its daemon with Debian's default configuration (Postfix on 25,
   * Dovecot on 143 and 993 with a snakeoil certificate); mailpush starts it once its own
   * configuration is in place. Running services may still restart, so an upgraded dependency's
   * daemon picks up its new binary. An admin's own policy-rc.d is left alone; ours is removed on
   * exit, hang-up or kill, and a copy left by a killed run is replaced and removed by the next.
   */
  static final String HOLD_SERVICE_STARTS =
      """
      p=/usr/sbin/policy-rc.d
      tag='# mailpush: service starts held until their configuration is written'
      if [ ! -e "$p" ] || grep -qxF "$tag" "$p"; then
        trap 'rm -f -- "$p" "$p.mailpush"' EXIT
        trap 'exit 129' HUP
        trap 'exit 130' INT
        trap 'exit 143' TERM
        cat > "$p.mailpush" <<EOF
      #!/bin/sh
      $tag
      while [ \\$# -gt 0 ]; do case \\$1 in --*) shift ;; *) break ;; esac; done
      systemctl is-active --quiet "\\$1" 2>/dev/null && exit 0
      exit 101
      EOF
        chmod 0755 "$p.mailpush" && mv -f -- "$p.mailpush" "$p"
      fi
      "$@"
      """;

  /** Releases mailpush supports, by {@code ID} and major {@code VERSION_ID}. */
  private static final Map<String, Set<String>> SUPPORTED =
      Map.of(
          "debian", Set.of("11", "12", "13"),
          "ubuntu", Set.of("22.04", "24.04"),
          "rhel", Set.of("9"),
          "rocky", Set.of("9"),
          "almalinux", Set.of("9"),
          "centos", Set.of("9"));

  public static Distro detect(OsRelease os) {
    Set<String> versions = SUPPORTED.get(os.id());
    String version = os.id().equals("ubuntu") ? os.versionId() : major(os.versionId());
    if (versions == null || !versions.contains(version)) {
      throw new MailpushException(
          "unsupported distribution: "
              + os.prettyName()
              + " (ID="
              + os.id()
              + ", VERSION_ID="
              + os.versionId()
              + ")",
          "mailpush manages Debian 11/12/13, Ubuntu 22.04/24.04 and RHEL 9 and its rebuilds (Rocky, Alma, CentOS Stream)");
    }
    Family family = List.of("debian", "ubuntu").contains(os.id()) ? Family.DEBIAN : Family.RHEL;
    return new Distro(os.id(), version, family, os.prettyName());
  }

  private static String major(String versionId) {
    int dot = versionId.indexOf('.');
    return dot < 0 ? versionId : versionId.substring(0, dot);
  }

  /**
   * The argv that installs packages non-interactively, keeping the admin's edited config files; on
   * Debian, with no new daemon started ({@link #HOLD_SERVICE_STARTS}).
   */
  public List<String> installCommand(List<String> packages) {
    List<String> argv =
        switch (family) {
          case DEBIAN ->
              new java.util.ArrayList<>(
                  List.of(
                      "sh",
                      "-c",
                      HOLD_SERVICE_STARTS,
                      "sh",
                      "env",
                      "DEBIAN_FRONTEND=noninteractive",
                      "apt-get",
                      "install",
                      "-y",
                      "-q",
                      "--no-install-recommends",
                      "-o",
                      "DPkg::Lock::Timeout=" + PACKAGE_LOCK_TIMEOUT_SECONDS,
                      "-o",
                      "Dpkg::Options::=--force-confdef",
                      "-o",
                      "Dpkg::Options::=--force-confold"));
          case RHEL -> new java.util.ArrayList<>(List.of("dnf", "install", "-y", "-q"));
        };
    argv.addAll(packages);
    return argv;
  }

  /**
   * Refreshes the package index before an install (apt only; dnf refreshes its metadata itself).
   */
  public List<List<String>> refreshCommands() {
    return switch (family) {
      case DEBIAN ->
          List.of(List.of("sh", "-c", HOLD_SERVICE_STARTS, "sh", "sh", "-c", APT_REFRESH));
      case RHEL -> List.of();
    };
  }
}
