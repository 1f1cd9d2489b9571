package dev.mailpush.engine;

/**
 * The few shell scripts the engine runs on hosts. Values always travel as positional parameters
 * ({@code sh -c SCRIPT sh ARG...}), never pasted into the script text, so no path or name can
 * inject code.
 */
final class RemoteScripts {
  private RemoteScripts() {}

  /**
   * Atomic write: content on stdin goes to a temporary file beside the target, gets mode and owner,
   * and is renamed over it. With keep=1 the previous version is kept as {@code PATH.mailpush-prev}
   * (and a stale one removed when the file is new), as {@link #COMMIT} does. A full disk fails at
   * {@code cat} and leaves the old file untouched.
   *
   * <p>$6 is the content's length. A connection cut mid-transfer ends stdin early and {@code cat}
   * takes that for the end of the file, so the temp file is renamed only when every byte arrived.
   * The previous version is kept as a hard link (a copy could fail half-way on a full disk); {@code
   * cp} only where links are not possible. The temp file is removed before anything is said on
   * stderr: with the connection gone, that write kills the shell (SIGPIPE) before its EXIT trap
   * could run.
   */
  static final String WRITE =
      """
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

  /**
   * First half of a validated write: like {@link #WRITE} (same $1..$4, $5 is the length) but the
   * checked temp file is left beside the target and its path printed, for {@link #COMMIT}. HUP and
   * PIPE are ignored so that a dead connection makes the last {@code printf} fail rather than kill
   * the shell: the EXIT trap then removes the temp file, which nobody would ever know the name of.
   */
  static final String STAGE =
      """
      trap '' HUP PIPE
      p=$1; mode=$2; owner=$3; group=$4; size=$5
      tmp=$(mktemp "$(dirname -- "$p")/.mailpush.XXXXXX") || exit 1
      trap 'rm -f -- "$tmp"' EXIT
      cat > "$tmp" || exit 1
      got=$(($(wc -c < "$tmp")))
      if [ "$got" -ne "$size" ]; then
        echo "only $got of $size bytes arrived (the transfer was cut); $p was not replaced" >&2
        exit 1
      fi
      chmod "$mode" "$tmp" && chown "$owner:$group" "$tmp" && printf '%s\\n' "$tmp" || exit 1
      trap - EXIT
      """;

  /**
   * Second half of a validated write, one script so that a lost connection cannot stop it between
   * the renames and the validation, or between a rejection and the rollback. Parameters: N, then N
   * pairs TEMP TARGET (from {@link #STAGE}), then the validator's argv.
   *
   * <p>Each target's previous version is kept as {@code TARGET.mailpush-prev} (a hard link, a copy
   * where links are not possible; a stale one removed when the target is new) before its temp file
   * is renamed over it; then the validator runs. Exit 0: validated. Exit {@value #REJECTED}:
   * rejected, every target put back (or removed when it was new), the validator's stdout and stderr
   * on ours. Exit {@value #NOT_PUT_BACK}: rejected and a target could not be put back. Exit 1: the
   * renames failed; nothing changed.
   *
   * <p>No {@code set -e} and HUP and PIPE ignored (the validator inherits that): once the
   * connection is gone every write to it fails, and the script must carry on to the end regardless.
   * The validator's output goes to temp files, never to the possibly dead channel. {@code command}
   * keeps a validator named like one of the functions below from calling it.
   */
  static final String COMMIT =
      """
      trap '' HUP PIPE
      n=$1; shift
      put_back() {
        k=$1; shift; j=0; failed=0
        while [ "$j" -lt "$k" ]; do
          if [ -f "$2.mailpush-prev" ]; then mv -f -- "$2.mailpush-prev" "$2" || failed=1; else rm -f -- "$2" || failed=1; fi
          shift 2; j=$((j + 1))
        done
        return "$failed"
      }
      rename_all() {
        i=0
        while [ "$i" -lt "$n" ]; do
          if [ -f "$2" ]; then
            ln -f -- "$2" "$2.mailpush-prev" 2>/dev/null || cp -p -- "$2" "$2.mailpush-prev" \\
              || { rm -f -- "$2.mailpush-prev"; return 1; }
          else
            rm -f -- "$2.mailpush-prev" || return 1
          fi
          mv -f -- "$1" "$2" || return 1
          shift 2; i=$((i + 1))
        done
      }
      drop_temps() {
        j=0
        while [ "$j" -lt "$n" ]; do rm -f -- "$1"; shift 2; j=$((j + 1)); done
      }
      validate() { shift $((2 * n)); command "$@"; }
      out=$(mktemp) && err=$(mktemp) || { drop_temps "$@"; exit 1; }
      if ! rename_all "$@"; then
        put_back "$i" "$@"
        drop_temps "$@"
        rm -f -- "$out" "$err"
        echo "the new files could not be put in place; every file was left as it was" >&2
        exit 1
      fi
      if validate "$@" < /dev/null > "$out" 2> "$err"; then
        rm -f -- "$out" "$err"
        exit 0
      fi
      put_back "$n" "$@"; restored=$?
      cat -- "$out"; cat -- "$err" >&2
      rm -f -- "$out" "$err"
      [ "$restored" = 0 ] && exit 3
      exit 4
      """;

  /** {@link #COMMIT}'s exit status when the validator rejected the files and all were put back. */
  static final int REJECTED = 3;

  /**
   * {@link #COMMIT}'s exit status when the validator rejected the files and some could not be put
   * back.
   */
  static final int NOT_PUT_BACK = 4;

  /** Prints each file as its byte length, a newline and its bytes; -1 when absent. For --diff. */
  static final String READ_FILES =
      """
      for f; do
        if [ -f "$f" ]; then wc -c < "$f"; cat -- "$f"; else echo -1; fi
      done
      """;

  /**
   * Records due handlers so a run that fails before handlers fire still leaves them due for the
   * next one: $1 the directory, then one file name per handler ({@link PendingMark#fileName}, never
   * the handler's name).
   */
  static final String MARK_PENDING =
      """
      d=$1; shift
      mkdir -p -- "$d" && for h; do : > "$d/$h"; done
      """;

  /**
   * Runs a handler's command and clears its pending mark only when it succeeded: $1 the mark, $2
   * where a run before marks were encoded put it (or $1 again), then the command.
   */
  static final String RUN_HANDLER =
      """
      m=$1; old=$2; shift 2
      "$@" && rm -f -- "$m" "$old"
      """;
}
