package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code docker} command-line client, run as a child process. The CLI rather than a Java client
 * library: it is what the user already has and configured (contexts, DOCKER_HOST, rootless), and it
 * adds no dependency to the jar.
 */
public final class Docker {
  private static final long TIMEOUT_SECONDS = 120;

  private final String executable;

  public Docker() {
    this("docker");
  }

  /** {@code executable}: the client to run; tests pass a missing one to see the error. */
  public Docker(String executable) {
    this.executable = executable;
  }

  /** What one {@code docker} call printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new SandboxException(
            what + " failed (docker exit " + exitCode + "): " + stderr.strip(),
            "see the message above; `docker ps -a` and `docker logs NAME` show more");
      }
      return this;
    }
  }

  /** Fails with what to do when the client is missing or no engine answers. */
  public void requireEngine() {
    Result info = run(List.of("info", "--format", "{{.ServerVersion}}"), new byte[0]);
    if (info.exitCode() != 0 || info.stdout().isBlank()) {
      String said = info.stderr().strip().lines().findFirst().orElse("no answer");
      throw new SandboxException(
          "the Docker engine is not running (docker info: " + said + ")",
          "start it: `sudo systemctl start docker`, or from a mailpush checkout `sudo bash .ci/ensure-docker.sh`;"
              + " as a non-root user, join the docker group (`sudo usermod -aG docker $USER`, then log in again)");
    }
  }

  public Result run(List<String> args) {
    return run(args, new byte[0]);
  }

  /** Runs {@code docker ARGS} with {@code stdin} as its input. */
  public Result run(List<String> args, byte[] stdin) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable);
    command.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SandboxException(
          "cannot run `" + executable + "`: it is not installed or not on the PATH",
          "install Docker (Debian/Ubuntu: `sudo apt-get install docker.io`; from a mailpush checkout"
              + " `sudo bash .ci/ensure-docker.sh` installs and starts it)");
    }
    // Both streams are read while the process runs: a full pipe buffer would block it.
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      // The process ended before reading its input; its exit status and stderr tell why.
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SandboxException(
            "`docker "
                + String.join(" ", args)
                + "` did not finish within "
                + TIMEOUT_SECONDS
                + " s",
            "check that the Docker engine answers: `docker info`");
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new SandboxException("interrupted while running docker", "");
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading docker's output failed", e.getCause());
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
