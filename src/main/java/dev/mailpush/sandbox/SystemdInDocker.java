package dev.mailpush.sandbox;

import java.util.List;

/**
 * The fixed part of every target: what Docker must allow beyond its defaults so that systemd runs
 * as PID 1 and the daemons it starts work as on a real server. Kept apart from the per-container
 * description so that everything a target is granted is read, and justified, in one place.
 */
final class SystemdInDocker {
  /** Always tmpfs, as systemd needs; no extra tmpfs may replace them. */
  static final List<String> RUNTIME_TMPFS = List.of("/run", "/run/lock");

  private SystemdInDocker() {}

  /** Calls {@code s} for the capabilities, security options and mounts, in docker run's order. */
  static void applyTo(SystemdContainer.Settings s) {
    // systemd as PID 1 mounts file systems and manages its own cgroups: SYS_ADMIN, no seccomp
    // filter, the host's cgroup tree read-write in the host's cgroup namespace, and tmpfs on /run
    // and /run/lock. --privileged fails on these machines ("unable to apply caps").
    s.capability("SYS_ADMIN");
    // Root reads /proc/PID/exe of a daemon running as another user only with SYS_PTRACE: without it
    // start-stop-daemon --exec, as Debian's init scripts use it, finds no running daemon.
    s.capability("SYS_PTRACE");
    // fail2ban bans with nftables, as on a real server.
    s.capability("NET_ADMIN");
    s.securityOption("seccomp=unconfined");
    s.bind("/sys/fs/cgroup", "/sys/fs/cgroup");
    s.cgroupns("host");
    RUNTIME_TMPFS.forEach(path -> s.tmpfs(path, ""));
  }
}
