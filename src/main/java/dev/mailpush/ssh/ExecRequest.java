package dev.mailpush.ssh;

import java.util.List;
import java.util.Objects;

/**
 * One remote command: an argument vector (quoted by the transport, never glued into a shell string
 * by callers), bytes for its standard input, and whether it runs as root.
 */
public record ExecRequest(List<String> argv, byte[] stdin, boolean asRoot) {
  public ExecRequest {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    Objects.requireNonNull(stdin, "stdin");
  }

  public static ExecRequest root(List<String> argv) {
    return new ExecRequest(argv, new byte[0], true);
  }

  public static ExecRequest root(List<String> argv, byte[] stdin) {
    return new ExecRequest(argv, stdin, true);
  }
}
