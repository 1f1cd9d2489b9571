package dev.mailpush.testhosts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real OpenSSH client, as an independent reference next to mailpush's own transport.
 * Never reads {@code ~/.ssh}: no config file, only the given known_hosts, only the test key, no
 * prompts.
 */
public final class OpenSsh {
  private OpenSsh() {}

  /** The argv of {@code ssh USER@127.0.0.1 REMOTE_COMMAND} against {@code host}. */
  private static List<String> command(
      TargetHost host, Path knownHosts, String user, String remoteCommand) {
    return List.of(
        "ssh",
        "-F",
        "/dev/null",
        "-i",
        host.identityFile().toString(),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "UserKnownHostsFile=" + knownHosts,
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "LogLevel=ERROR",
        "-p",
        Integer.toString(host.sshPort()),
        user + "@" + TargetHost.ADDRESS,
        remoteCommand);
  }

  /** Runs {@link #command} with {@code stdin} as input; waits at most 60 s. */
  public static TargetHost.Result run(
      TargetHost host, Path knownHosts, String user, String stdin, String remoteCommand) {
    try {
      Path err = Files.createTempFile("mailpush-ssh", ".err");
      try {
        Process p =
            new ProcessBuilder(command(host, knownHosts, user, remoteCommand))
                .redirectError(err.toFile())
                .start();
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("ssh did not finish within 60 s");
        }
        return new TargetHost.Result(p.exitValue(), out, Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ssh", e);
    }
  }
}
