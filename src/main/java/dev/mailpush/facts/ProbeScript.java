package dev.mailpush.facts;

import dev.mailpush.ssh.ShellQuote;
import java.util.List;

/**
 * Renders the one POSIX {@code sh} script that gathers every fact a run needs. It is sent on stdin,
 * so its length costs nothing on the command line, and each line of its output is one tab-separated
 * record that {@link ProbeParser} reads. Nothing but POSIX sh, coreutils, systemctl and the package
 * manager is used.
 */
public final class ProbeScript {
  /** Where mailpush keeps its own state on a host (pending handlers). */
  public static final String STATE_DIR = "/var/lib/mailpush";

  private ProbeScript() {}

  /**
   * Each user's uid, home, shell and the SHA-256 of its password hash (never the hash itself), in a
   * fixed number of processes whatever the count: one getent per database, each hash written to a
   * file of a private directory and all digested by one sha256sum. A few processes per user made a
   * 500-user host's no-op 7 s longer (bench/RESULTS-curves.md). Without root, getent shadow says
   * nothing and every digest is that of an empty hash, as before.
   */
  private static final String USERS =
      """
      set -- @USERS@
      d=$(mktemp -d) && {
        getent passwd "$@" > "$d/p" 2>/dev/null
        getent shadow "$@" 2>/dev/null | awk -F: -v d="$d" '{ f = d "/s." $1; printf "%s", $2 > f; close(f) }'
        awk -F: -v d="$d" '{ f = d "/s." $1; printf "" >> f; close(f) }' "$d/p"
        (cd "$d" && for f in s.*; do [ -e "$f" ] && sha256sum -- s.*; break; done) > "$d/h"
        awk -F: -v hf="$d/h" -v want="$*" '
          BEGIN { while ((getline l < hf) > 0) { split(l, a, "  "); sub(/^s\\./, "", a[2]); h[a[2]] = a[1] } }
          { uid[$1] = $3; home[$1] = $6; sh[$1] = $7; seen[$1] = 1 }
          END {
            n = split(want, w, " ")
            for (i = 1; i <= n; i++) {
              u = w[i]
              if (u in seen) printf "U\\t%s\\t%s\\t%s\\t%s\\t%s\\n", u, uid[u], home[u], sh[u], h[u]
              else printf "U\\t%s\\tabsent\\n", u
            }
          }' "$d/p"
        rm -rf -- "$d"
      }
      """;

  public static String render(FactQuery query) {
    StringBuilder s = new StringBuilder(1024);
    s.append("export LC_ALL=C\n");
    s.append(
        "sed -n 's/^\\(ID\\|VERSION_ID\\|ID_LIKE\\|PRETTY_NAME\\)=/O\\t\\1\\t/p' /etc/os-release 2>/dev/null\n");
    // Pending marks: only names mailpush can have written (no tab or line break can garble this
    // output).
    s.append("[ -d " + STATE_DIR + "/pending ] && for h in " + STATE_DIR + "/pending/*; do")
        .append(" case \"${h##*/}\" in *[!A-Za-z0-9%~_.\\ -]*) continue;; esac;")
        .append(" [ -e \"$h\" ] && printf 'H\\t%s\\n' \"${h##*/}\"; done\n");
    if (!query.packages().isEmpty()) {
      String names = words(List.copyOf(query.packages()));
      s.append("if command -v dpkg-query >/dev/null 2>&1; then\n")
          .append("  dpkg-query -W -f='P\\t${Package}\\t${db:Status-Abbrev}\\t${Version}\\n' ")
          .append(names)
          .append(" 2>/dev/null\n")
          .append("elif command -v rpm >/dev/null 2>&1; then\n")
          .append("  rpm -q --qf 'P\\t%{NAME}\\tii \\t%{VERSION}-%{RELEASE}\\n' ")
          .append(names)
          .append(" 2>/dev/null | grep '^P'\n")
          .append("fi\n");
    }
    if (!query.paths().isEmpty()) {
      // Builtin tests sort the paths; then every regular file gets its metadata and its digest from
      // one
      // stat and one sha256sum: a fork per file would cost a 40-file playbook 160 processes per
      // host.
      s.append("set -- ")
          .append(words(List.copyOf(query.paths())))
          .append("\n")
          .append("n=$#\n")
          .append("for f; do\n")
          .append("  if [ -L \"$f\" ]; then printf 'F\\t%s\\tlink\\n' \"$f\"\n")
          .append("  elif [ -f \"$f\" ]; then set -- \"$@\" \"$f\"\n")
          .append(
              "  elif [ -d \"$f\" ]; then printf 'F\\t%s\\tdir\\t' \"$f\"; stat --printf '%a\\t%U\\t%G\\n' -- \"$f\"\n")
          .append("  elif [ -e \"$f\" ]; then printf 'F\\t%s\\tother\\n' \"$f\"\n")
          .append("  else printf 'F\\t%s\\tmissing\\n' \"$f\"; fi\n")
          .append("done\n")
          .append("shift $n\n")
          .append("if [ $# -gt 0 ]; then\n")
          .append("  stat --printf 'F\\t%n\\tfile\\t%a\\t%U\\t%G\\t%s\\n' -- \"$@\"\n")
          .append("  sha256sum -- \"$@\" | sed 's/^/D\\t/'\n")
          .append("fi\n");
    }
    if (!query.services().isEmpty()) {
      // One systemctl for every unit: a block of properties each, blank-line separated, in argument
      // order.
      s.append("systemctl show --property=LoadState,ActiveState,UnitFileState -- ")
          .append(words(List.copyOf(query.services())))
          .append(" 2>/dev/null | sed 's/^/S\\t/'\n")
          .append("printf 'S\\t\\n'\n");
    }
    if (!query.users().isEmpty()) {
      s.append(USERS.replace("@USERS@", words(List.copyOf(query.users()))));
    }
    if (!query.contents().isEmpty()) {
      s.append("for f in ")
          .append(words(List.copyOf(query.contents())))
          .append("; do\n")
          .append(
              "  if [ -f \"$f\" ]; then printf 'C\\t%s\\t%s\\n' \"$f\" \"$(base64 < \"$f\" | tr -d '\\n')\";\n")
          .append("  else printf 'C\\t%s\\t-\\n' \"$f\"; fi\n")
          .append("done\n");
    }
    List<String> stagingDirs = query.stagingDirs().stream().sorted().toList();
    s.append(StagingFiles.probe(stagingDirs, words(stagingDirs)));
    List<String> guards = query.guards();
    for (int i = 0; i < guards.size(); i++) {
      // Each guard runs in its own subshell with no stdin, so it cannot eat the rest of this
      // script.
      s.append("if ( ")
          .append(guards.get(i))
          .append(" ) </dev/null >/dev/null 2>&1; then printf 'G\\t")
          .append(i)
          .append("\\t0\\n'; else printf 'G\\t")
          .append(i)
          .append("\\t1\\n'; fi\n");
    }
    s.append("printf 'END\\n'\n");
    return s.toString();
  }

  private static String words(List<String> values) {
    return ShellQuote.join(values.stream().sorted().toList());
  }
}
