package dev.mailpush.cli;

/** What the output can do: colours only on a terminal and only when {@code NO_COLOR} is unset. */
record Terminal(boolean interactive, boolean color, int columns) {
  static Terminal detect() {
    boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    String noColor = System.getenv("NO_COLOR");
    return new Terminal(
        tty, tty && (noColor == null || noColor.isEmpty()), columns(System.getenv("COLUMNS")));
  }

  static Terminal plain() {
    return new Terminal(false, false, 80);
  }

  /** The shell exports COLUMNS only sometimes; 100 is a safe width for the live block otherwise. */
  private static int columns(String env) {
    try {
      return env == null ? 100 : Math.max(40, Integer.parseInt(env.strip()));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  String paint(String text, String ansi) {
    return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
  }
}
