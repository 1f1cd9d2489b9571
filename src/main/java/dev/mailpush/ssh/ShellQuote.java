package dev.mailpush.ssh;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * POSIX {@code sh} quoting: an argv becomes one command line that the remote shell splits back
 * exactly.
 */
public final class ShellQuote {
  // No '=' (a leading NAME=value word is an assignment) and no '~' (tilde expansion).
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+:,./-]+");

  private ShellQuote() {}

  /** One word, single-quoted unless it is made only of characters the shell never interprets. */
  public static String quote(String word) {
    if (word.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a command argument cannot contain a NUL byte");
    }
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The command line for an argument vector. */
  public static String join(List<String> argv) {
    return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }
}
