package dev.mailpush.ssh;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one remote exec that writes a file atomically. Paths, mode and owner are positional
 * parameters of a fixed script, never spliced into it, so no value can change what the script does.
 */
final class UploadCommand {
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");

  // $1 path, $2 mode, $3 owner ("" = keep), $4 group ("" = keep), $5 content length. The temp file
  // lives in
  // the target's directory so the final mv is a rename on one file system; umask 077 keeps it
  // private until
  // chmod. A cut connection ends stdin early and cat takes that for the end: the length check keeps
  // a part
  // from being renamed into place.
  static final String SCRIPT =
      """
      umask 077
      tmp=$(mktemp "$(dirname -- "$1")/.mailpush.XXXXXX") || exit 1
      if cat > "$tmp" && [ "$(($(wc -c < "$tmp")))" -eq "$5" ] && chmod -- "$2" "$tmp" && {
        if [ -n "$3" ] && [ -n "$4" ]; then chown -- "$3:$4" "$tmp"
        elif [ -n "$3" ]; then chown -- "$3" "$tmp"
        elif [ -n "$4" ]; then chgrp -- "$4" "$tmp"
        fi
      } && mv -f -- "$tmp" "$1"; then
        exit 0
      fi
      rm -f -- "$tmp"
      exit 1
      """;

  private UploadCommand() {}

  static ExecRequest request(
      String remotePath, byte[] content, String mode, String owner, String group) {
    if (remotePath == null || !remotePath.startsWith("/")) {
      throw new IllegalArgumentException("remotePath (" + remotePath + ") must be absolute");
    }
    if (mode == null || !MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("mode (" + mode + ") must be octal such as 0644");
    }
    return ExecRequest.root(
        List.of(
            "sh",
            "-c",
            SCRIPT,
            "sh",
            remotePath,
            mode,
            orEmpty(owner),
            orEmpty(group),
            Integer.toString(content.length)),
        content);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
