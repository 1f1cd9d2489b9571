package dev.mailpush.ssh;

import java.nio.charset.StandardCharsets;

/** What a remote command returned. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
  public boolean succeeded() {
    return exitCode == 0;
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }
}
