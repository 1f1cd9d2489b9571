package dev.mailpush.cli;

/** What the output can do: colours only on a terminal and only when {@code NO_COLOR} is unset. */
record Terminal(boolean interactive, boolean color) {
  static Terminal detect() {
    boolean tty = System.console() != null;
    String noColor = System.getenv("NO_COLOR");
    return new Terminal(tty, tty && (noColor == null || noColor.isEmpty()));
  }

  static Terminal plain() {
    return new Terminal(false, false);
  }

  String paint(String text, String ansi) {
    return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
  }
}
