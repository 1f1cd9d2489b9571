package dev.mailpush.sandbox;

/**
 * The bench's entry point ({@link SystemdContainer#main}): bench/run.sh starts its targets with
 * {@code docker run} itself, from the arguments printed here, so they are the same containers the
 * sandbox and the tests start.
 *
 * <pre>
 * java -cp mailpush.jar dev.mailpush.sandbox.SystemdContainer IMAGE [--label KEY=VALUE]... [--publish PORT]...
 * </pre>
 */
final class BenchTargetArguments {
  private static final String USAGE =
      "usage: SystemdContainer IMAGE [--label KEY=VALUE]... [--publish PORT]...";

  private BenchTargetArguments() {}

  /** Prints the arguments one a line; a bad command line prints why and the usage, exit 2. */
  static void main(String[] args) {
    try {
      StringBuilder out = new StringBuilder();
      for (String arg : parse(args).runArgs()) {
        out.append(checkLine(arg)).append('\n');
      }
      System.out.print(out);
    } catch (IllegalArgumentException e) {
      System.err.println("SystemdContainer: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /** The container the command line describes; no name or host name (the script adds one each). */
  static SystemdContainer parse(String... args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new IllegalArgumentException("the image comes first");
    }
    SystemdContainer.Builder b = SystemdContainer.builder(args[0]);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--label" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--label " + value + ": must be KEY=VALUE");
          }
          b.label(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--publish" -> {
          try {
            b.publish(Integer.parseInt(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--publish " + value + ": must be a port number", e);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return b.build();
  }

  /** bench/run.sh reads the arguments with mapfile, one a line: a line break would split one. */
  private static String checkLine(String arg) {
    if (arg.isBlank() || arg.contains("\n") || arg.contains("\r")) {
      throw new IllegalArgumentException("argument must be one non-blank line");
    }
    return arg;
  }
}
