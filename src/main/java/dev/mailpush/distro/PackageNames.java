package dev.mailpush.distro;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Package names by family. Playbooks name Debian packages; the RHEL family installs what provides
 * the same thing (several Debian packages are one RPM, a few have no RPM equivalent and map to
 * nothing).
 */
public final class PackageNames {
  private static final Map<String, List<String>> RHEL =
      Map.ofEntries(
          Map.entry("dovecot-imapd", List.of("dovecot")),
          Map.entry("dovecot-lmtpd", List.of("dovecot")),
          Map.entry("dovecot-core", List.of("dovecot")),
          Map.entry("dovecot-sieve", List.of("dovecot-pigeonhole")),
          Map.entry("dovecot-managesieved", List.of("dovecot-pigeonhole")),
          Map.entry("opendkim-tools", List.of("opendkim-tools")),
          Map.entry("spamc", List.of("spamassassin")),
          Map.entry("spamass-milter", List.of("spamass-milter")),
          Map.entry("postfix-policyd-spf-python", List.of("pypolicyd-spf")),
          Map.entry("openssh-server", List.of("openssh-server")),
          Map.entry("ca-certificates", List.of("ca-certificates")),
          Map.entry("python3", List.of("python3")),
          Map.entry("cron", List.of("cronie")));

  private PackageNames() {}

  /**
   * Names on one release: like {@link #forFamily}, except where a release packs things differently
   * — Debian 11's spamassassin still contains spamd, which later releases split into its own
   * package.
   */
  public static List<String> forDistro(Distro distro, String debianName) {
    if (distro.id().equals("debian")
        && distro.version().equals("11")
        && debianName.equals("spamd")) {
      return List.of();
    }
    return forFamily(distro.family(), debianName);
  }

  public static List<String> forFamily(Family family, String debianName) {
    return switch (family) {
      case DEBIAN -> List.of(debianName);
      case RHEL -> RHEL.getOrDefault(debianName, List.of(debianName));
    };
  }

  /** Every name a package may have on any family (what the probe must ask about). */
  public static Set<String> allNames(String debianName) {
    Set<String> names = new LinkedHashSet<>();
    for (Family f : Family.values()) {
      names.addAll(forFamily(f, debianName));
    }
    return names;
  }
}
