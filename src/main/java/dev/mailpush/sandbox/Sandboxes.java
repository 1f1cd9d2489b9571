package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts, lists and removes sandboxes through the docker client. */
public final class Sandboxes {
  private static final Duration SSH_WAIT = Duration.ofSeconds(60);

  private final Docker docker;
  private final Consumer<String> progress;

  /** {@code progress}: one line per step, for stderr. */
  public Sandboxes(Docker docker, Consumer<String> progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /** What {@link #up} made: where the inventory is and which ports reach the sandbox. */
  public record Started(Sandbox sandbox, PortMap ports) {
    public int sshPort() {
      return ports.hostPort(22);
    }
  }

  /**
   * Starts the sandbox, or when it already runs with its key in place, reuses it (so re-running a
   * quick start works); either way writes a fresh known_hosts and inventory.
   */
  public Started up(Sandbox s) {
    docker.requireEngine();
    Optional<Path> existing = labelledDir(s.name());
    if (existing.isPresent()) {
      if (!existing.get().equals(s.dir()) || !Files.exists(s.identity())) {
        String where =
            existing.get().toString().isEmpty()
                ? "made by an older bin/sandbox"
                : "with its files in " + existing.get();
        throw new SandboxException(
            "sandbox " + s.name() + " already exists, " + where,
            "use that inventory, or start afresh: mailpush sandbox down " + s.name());
      }
      progress.accept(
          s.name() + " already exists; starting it if stopped, refreshing its inventory");
      // A stopped sandbox (after a reboot) starts again with new ports: hence the fresh inventory
      // below.
      docker.run(List.of("start", s.container())).requireSuccess("docker start " + s.container());
      awaitSsh(s);
    } else {
      start(s);
    }
    PortMap ports =
        PortMap.fromDockerPort(
            docker.run(List.of("port", s.container())).requireSuccess("docker port").stdout());
    String hostKey =
        exec(
                s,
                List.of("cut", "-d", " ", "-f1,2", "/etc/ssh/ssh_host_ed25519_key.pub"),
                new byte[0])
            .strip();
    SandboxFiles.writeAccess(s, ports.hostPort(22), hostKey);
    return new Started(s, ports);
  }

  private void start(Sandbox s) {
    if (docker.run(List.of("image", "inspect", s.image())).exitCode() != 0) {
      throw new SandboxException(
          "the image " + s.image() + " is missing (there is no registry to pull it from)",
          "build it once from a mailpush checkout, as root: test-images/build.sh "
              + s.suite()
              + "  (debootstrap, about a minute; bin/try does this for you)");
    }
    progress.accept("starting " + s.container() + " from " + s.image());
    try {
      Files.createDirectories(s.dir());
      String publicKey = SandboxKey.write(s.identity());
      docker.run(s.runArgs()).requireSuccess("docker run " + s.image());
      awaitSsh(s);
      // The user a fresh cloud server's first login has: the key, passwordless sudo.
      exec(s, SystemdContainer.userCommand("admin", publicKey), new byte[0]);
    } catch (IOException e) {
      remove(s.container());
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // A half-started sandbox is useless and would block the next `up`: remove it.
      remove(s.container());
      throw e;
    }
  }

  /** systemd makes the host keys and starts sshd; both must be there before the first login. */
  private void awaitSsh(Sandbox s) {
    long deadline = System.nanoTime() + SSH_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Docker.Result r =
          docker.run(
              List.of(
                  "exec",
                  s.container(),
                  "sh",
                  "-c",
                  "test -s /etc/ssh/ssh_host_ed25519_key.pub && systemctl is-active --quiet ssh"));
      if (r.exitCode() == 0) {
        return;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SandboxException("interrupted while waiting for sshd in " + s.container(), "");
      }
    }
    throw new SandboxException(
        "sshd did not start in " + s.container() + " within " + SSH_WAIT.toSeconds() + " s",
        "look at `docker exec " + s.container() + " systemctl status ssh`");
  }

  private String exec(Sandbox s, List<String> command, byte[] stdin) {
    List<String> args = new ArrayList<>(List.of("exec", "--interactive", s.container()));
    args.addAll(command);
    return docker.run(args, stdin).requireSuccess("setting up " + s.container()).stdout();
  }

  /** Removes the sandbox and the files {@code up} wrote; false when there was none. */
  public boolean down(String name) {
    docker.requireEngine();
    Optional<Path> dir = labelledDir(name);
    if (dir.isEmpty()) {
      return false;
    }
    // `docker rm --force` succeeds even for a missing container, so whether there was one is asked
    // above.
    if (!remove(Sandbox.container(name))) {
      throw new SandboxException(
          "could not remove " + Sandbox.container(name),
          "try: docker rm -f " + Sandbox.container(name));
    }
    SandboxFiles.delete(dir.get());
    return true;
  }

  /** Every sandbox container, running or not, with its ports. */
  public List<RunningSandbox> status() {
    docker.requireEngine();
    String out = docker.run(SandboxListing.dockerPsArgs()).requireSuccess("docker ps").stdout();
    return SandboxListing.parse(out);
  }

  /**
   * The directory recorded on the sandbox's container, when the container exists and was made by
   * us.
   */
  private Optional<Path> labelledDir(String name) {
    Docker.Result r =
        docker.run(
            List.of(
                "inspect",
                "--format",
                "{{index .Config.Labels \""
                    + Sandbox.LABEL
                    + "\"}}\t{{index .Config.Labels \""
                    + Sandbox.DIR_LABEL
                    + "\"}}",
                Sandbox.container(name)));
    if (r.exitCode() != 0) {
      return Optional.empty();
    }
    String[] f = r.stdout().strip().split("\t", -1);
    if (!f[0].equals("1")) {
      throw new SandboxException(
          "the container " + Sandbox.container(name) + " exists but is not a mailpush sandbox",
          "choose another sandbox name");
    }
    return Optional.of(
        f.length > 1 && !f[1].isEmpty() && !f[1].equals("<no value>")
            ? Path.of(f[1])
            : Path.of(""));
  }

  private boolean remove(String container) {
    return docker.run(List.of("rm", "--force", "--volumes", container)).exitCode() == 0;
  }
}
