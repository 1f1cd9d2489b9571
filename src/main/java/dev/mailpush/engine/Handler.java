package dev.mailpush.engine;

import java.util.List;
import java.util.regex.Pattern;

/** A restart or reload that runs once, at the end of a host's play, when a task that notifies it changed. */
public record Handler(String name, List<String> argv) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}");

  public Handler {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "handler name (\"" + name + "\") must be letters, digits, spaces, '_', '.', '-' (at most 64)");
    }
    argv = List.copyOf(argv);
  }
}
