package dev.mailpush.engine;

/**
 * The few shell scripts the engine runs on hosts. Values always travel as positional parameters
 * ({@code sh -c SCRIPT sh ARG...}), never pasted into the script text, so no path or name can inject code.
 */
final class RemoteScripts {
  private RemoteScripts() {}

  /**
   * Atomic write: content on stdin goes to a temporary file beside the target, gets mode and owner, and is
   * renamed over it. With keep=1 the previous version is kept as {@code PATH.mailpush-prev} (and a stale one
   * removed when the file is new), which is what {@link #RESTORE} puts back. A full disk fails at {@code cat}
   * and leaves the old file untouched.
   *
   * <p>$6 is the content's length. A connection cut mid-transfer ends stdin early and {@code cat} takes that
   * for the end of the file, so the temp file is renamed only when every byte arrived. The previous version
   * is kept as a hard link (a copy could fail half-way on a full disk); {@code cp} only where links are not
   * possible. The temp file is removed before anything is said on stderr: with the connection gone, that
   * write kills the shell (SIGPIPE) before its EXIT trap could run.
   */
  static final String WRITE = """
      set -e
      p=$1; mode=$2; owner=$3; group=$4; keep=$5; size=$6
      tmp=$(mktemp "$(dirname -- "$p")/.mailpush.XXXXXX")
      trap 'rm -f -- "$tmp"' EXIT
      cat > "$tmp"
      got=$(($(wc -c < "$tmp")))
      if [ "$got" -ne "$size" ]; then
        rm -f -- "$tmp"
        echo "only $got of $size bytes arrived (the transfer was cut); $p was not replaced" >&2
        exit 1
      fi
      chmod "$mode" "$tmp"
      chown "$owner:$group" "$tmp"
      if [ "$keep" = 1 ]; then
        if [ -f "$p" ]; then
          ln -f -- "$p" "$p.mailpush-prev" 2>/dev/null || cp -p -- "$p" "$p.mailpush-prev"
        else
          rm -f -- "$p.mailpush-prev"
        fi
      fi
      mv -f -- "$tmp" "$p"
      trap - EXIT
      """;

  /** Puts back the versions {@link #WRITE} kept: the previous content, or no file when it was new. */
  static final String RESTORE = """
      for p; do
        if [ -f "$p.mailpush-prev" ]; then mv -f -- "$p.mailpush-prev" "$p"; else rm -f -- "$p"; fi
      done
      """;

  /** Prints each file as its byte length, a newline and its bytes; -1 when absent. For --diff. */
  static final String READ_FILES = """
      for f; do
        if [ -f "$f" ]; then wc -c < "$f"; cat -- "$f"; else echo -1; fi
      done
      """;

  /** Records a due handler so a run that fails before handlers fire still leaves it due for the next one. */
  static final String MARK_PENDING = """
      d=$1; shift
      mkdir -p -- "$d" && for h; do : > "$d/$h"; done
      """;

  /** Runs a handler's command and clears its pending mark only when it succeeded. */
  static final String RUN_HANDLER = """
      m=$1; shift
      "$@" && rm -f -- "$m"
      """;
}
