package dev.mailpush.ssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What actually goes over the wire for one request: the quoted command line and the stdin bytes.
 * The sudo password travels only in {@link #stdin()}, never in the command line.
 */
record CommandLine(String line, byte[] stdin) {

  /**
   * Wraps a request for its privilege; {@code password} is used only with {@link
   * Privilege#SUDO_PASSWORD}.
   */
  static CommandLine of(ExecRequest request, Privilege privilege, Secret password) {
    return switch (privilege) {
      case AS_USER -> new CommandLine(ShellQuote.join(request.argv()), request.stdin());
      case SUDO_NOPASSWD ->
          new CommandLine(ShellQuote.join(sudo(List.of("-n"), request)), request.stdin());
      case SUDO_PASSWORD -> {
        if (password == null) {
          throw new IllegalStateException("sudo password not resolved");
        }
        // -k: always ask, so the password line is consumed even if a timestamp exists;
        // -S: read it from stdin; -p '': no prompt in stderr. sudo reads exactly one line, the rest
        // of stdin stays for the command.
        byte[] secret = (password.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] stdin = new byte[secret.length + request.stdin().length];
        System.arraycopy(secret, 0, stdin, 0, secret.length);
        System.arraycopy(request.stdin(), 0, stdin, secret.length, request.stdin().length);
        yield new CommandLine(ShellQuote.join(sudo(List.of("-k", "-S", "-p", ""), request)), stdin);
      }
    };
  }

  private static List<String> sudo(List<String> options, ExecRequest request) {
    List<String> argv = new ArrayList<>();
    argv.add("sudo");
    argv.addAll(options);
    argv.add("--");
    argv.addAll(request.argv());
    return argv;
  }

  /** Bytes this puts on the wire (command line plus stdin), for {@link HostSession#bytesSent()}. */
  long size() {
    return line.getBytes(StandardCharsets.UTF_8).length + (long) stdin.length;
  }

  @Override
  public String toString() {
    return line + " (stdin: " + stdin.length + " bytes)";
  }
}
