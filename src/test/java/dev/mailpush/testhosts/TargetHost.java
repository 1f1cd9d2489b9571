package dev.mailpush.testhosts;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.mailpush.sandbox.SystemdContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A real Debian host for end-to-end tests: a {@code mailpush-target:<suite>} container with systemd
 * as PID 1 and OpenSSH listening on a random port of 127.0.0.1, as {@link SystemdContainer} defines
 * it for the sandbox and the bench too, with the tests' hermetic DNS.
 *
 * <p>On start it creates the user {@value #ADMIN} (passwordless sudo) and, if asked, {@value
 * #PWADMIN} (sudo requires {@value #PWADMIN_PASSWORD}, never cached), with the targets' one user
 * script ({@link SystemdContainer#userCommand}); both accept this JVM's test key ({@link
 * #identityFile()}). Containers carry the label {@code mailpush-test=1} and the owning JVM's pid
 * ({@code mailpush-test.pid}); they are removed on {@link #close()}, by a shutdown hook if a test
 * forgot, and by {@code .ci/run} when their JVM is gone.
 *
 * <pre>{@code
 * try (TargetHost host = TargetHost.builder("bookworm").publish(25, 587).start()) {
 *   host.sshPort(); host.hostKeyLine(); host.exec("systemctl", "is-active", "ssh");
 * }
 * }</pre>
 */
public final class TargetHost implements AutoCloseable {

  public static final String ADMIN = "admin";
  public static final String PWADMIN = "pwadmin";
  public static final String PWADMIN_PASSWORD = "pw-admin-test-only";

  /** The address every published port is bound to. */
  public static final String ADDRESS = SystemdContainer.ADDRESS;

  public static final String LABEL = "mailpush-test";
  public static final String PID_LABEL = "mailpush-test.pid";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  /**
   * Containers of this JVM still running: removed by a shutdown hook if a test did not close them.
   */
  private static final Set<TargetHost> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(TargetHost::close)));
  }

  private final String suite;
  private final GenericContainer<?> container;
  private final Duration startupTime;
  private volatile String hostKey;

  /** The image name for a Debian suite ({@code bookworm}, {@code trixie}). */
  public static String image(String suite) {
    return "mailpush-target:" + suite;
  }

  public static Builder builder(String suite) {
    return new Builder(suite);
  }

  /** A host of {@code suite} with only {@value #ADMIN} and SSH published. */
  public static TargetHost start(String suite) {
    return builder(suite).start();
  }

  /** What to start; reusable, each {@link #start()} makes a new container. */
  public static final class Builder {
    private final String suite;
    private final SystemdContainer.Builder target;
    private boolean passwordSudoUser;

    private Builder(String suite) {
      if (!suite.matches("[a-z]+")) {
        throw new IllegalArgumentException(
            "suite (" + suite + ") must be a Debian code name such as bookworm");
      }
      this.suite = suite;
      this.target =
          SystemdContainer.builder(image(suite))
              .publish(22)
              .hermeticDns()
              .label(LABEL, "1")
              .label(PID_LABEL, Long.toString(ProcessHandle.current().pid()));
    }

    /** Also publish these container ports (e.g. 25, 587, 993) on random ports of 127.0.0.1. */
    public Builder publish(int... containerPorts) {
      target.publish(containerPorts);
      return this;
    }

    /** Also create {@value #PWADMIN}, whose sudo asks for {@value #PWADMIN_PASSWORD}. */
    public Builder withPasswordSudoUser() {
      passwordSudoUser = true;
      return this;
    }

    /** The container's host name (default: Docker's, the container id). */
    public Builder hostname(String name) {
      target.hostname(name);
      return this;
    }

    /**
     * Also mount a tmpfs at {@code path} with mount {@code options} (e.g. {@code "size=256k"}): a
     * small file system a test can fill. /run and /run/lock stay tmpfs as systemd needs.
     */
    public Builder tmpfs(String path, String options) {
      target.tmpfs(path, options);
      return this;
    }

    /** Also mount the Docker volume {@code source} at {@code path} (it outlives the container). */
    public Builder volume(String source, String path) {
      target.volume(source, path);
      return this;
    }

    /** Starts the container, waits for sshd and creates the users; removes it again on failure. */
    public TargetHost start() {
      return new TargetHost(this);
    }

    /** The container {@link #start()} starts. */
    SystemdContainer target() {
      return target.build();
    }
  }

  private TargetHost(Builder b) {
    this.suite = b.suite;
    long begin = System.nanoTime();
    SystemdContainer target = b.target();
    container =
        new GenericContainer<>(DockerImageName.parse(image(suite)))
            // There is no registry: never try to pull, fail at once when the image is missing.
            .withImagePullPolicy(name -> false)
            .withCreateContainerCmdModifier(cmd -> new CreateCommand(cmd).apply(target))
            .waitingFor(new SshBannerWait().withStartupTimeout(STARTUP_TIMEOUT));
    RUNNING.add(this);
    try {
      container.start();
      String key = TestKeys.publicKey();
      hostKey = run(SystemdContainer.userCommand(ADMIN, key), "creating " + ADMIN);
      if (b.passwordSudoUser) {
        run(SystemdContainer.userCommand(PWADMIN, key, PWADMIN_PASSWORD), "creating " + PWADMIN);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    startupTime = Duration.ofNanos(System.nanoTime() - begin);
  }

  private String run(List<String> command, String what) {
    return exec(command.toArray(String[]::new)).requireSuccess(what).stdout().strip();
  }

  /**
   * {@link SystemdContainer}'s settings on Testcontainers' create command. Testcontainers alone
   * would publish on 0.0.0.0; its own labels and environment are kept.
   */
  private static final class CreateCommand implements SystemdContainer.Settings {
    private final CreateContainerCmd cmd;
    private final HostConfig hc;
    private final Map<String, String> labels;
    private final List<String> env;
    private final List<Capability> capabilities = new ArrayList<>();
    private final List<String> securityOptions = new ArrayList<>();
    private final List<Bind> binds = new ArrayList<>();
    private final Map<String, String> tmpfs = new HashMap<>();
    private final List<ExposedPort> exposed = new ArrayList<>();
    private final Ports bindings = new Ports();
    private final List<String> dns = new ArrayList<>();
    private final List<String> extraHosts = new ArrayList<>();

    CreateCommand(CreateContainerCmd cmd) {
      this.cmd = cmd;
      this.hc = Optional.ofNullable(cmd.getHostConfig()).orElseGet(HostConfig::new);
      this.labels = new HashMap<>(Optional.ofNullable(cmd.getLabels()).orElse(Map.of()));
      this.env = new ArrayList<>(List.of(Optional.ofNullable(cmd.getEnv()).orElse(new String[0])));
    }

    @Override
    public void name(String name) {
      cmd.withName(name);
    }

    @Override
    public void hostname(String hostname) {
      cmd.withHostName(hostname);
    }

    @Override
    public void label(String key, String value) {
      labels.put(key, value);
    }

    @Override
    public void capability(String capability) {
      capabilities.add(Capability.valueOf(capability));
    }

    @Override
    public void securityOption(String option) {
      securityOptions.add(option);
    }

    @Override
    public void bind(String hostPath, String containerPath) {
      binds.add(new Bind(hostPath, new Volume(containerPath), AccessMode.rw));
    }

    @Override
    public void cgroupns(String mode) {
      hc.withCgroupnsMode(mode);
    }

    @Override
    public void tmpfs(String path, String options) {
      tmpfs.put(path, options);
    }

    @Override
    public void env(String name, String value) {
      env.add(name + "=" + value);
    }

    @Override
    public void publish(String address, int containerPort) {
      ExposedPort p = ExposedPort.tcp(containerPort);
      exposed.add(p);
      bindings.bind(p, Ports.Binding.bindIp(address));
    }

    @Override
    public void dns(String server) {
      dns.add(server);
    }

    @Override
    public void extraHost(String name, String address) {
      extraHosts.add(name + ":" + address);
    }

    @Override
    public void command(String image, List<String> command) {
      cmd.withImage(image).withCmd(command);
    }

    /** Collects every setting of {@code target}, then puts them on the command. */
    void apply(SystemdContainer target) {
      target.applyTo(this);
      hc.withCapAdd(capabilities.toArray(Capability[]::new))
          .withSecurityOpts(securityOptions)
          .withBinds(binds)
          .withTmpFs(tmpfs)
          .withPortBindings(bindings);
      if (!dns.isEmpty()) {
        hc.withDns(dns);
      }
      if (!extraHosts.isEmpty()) {
        hc.withExtraHosts(extraHosts.toArray(String[]::new));
      }
      cmd.withHostConfig(hc).withExposedPorts(exposed).withLabels(labels).withEnv(env);
    }
  }

  public String suite() {
    return suite;
  }

  public String containerId() {
    return container.getContainerId();
  }

  /** Host port of the container's sshd, on {@value #ADDRESS}. */
  public int sshPort() {
    return mappedPort(22);
  }

  /** Host port (on {@value #ADDRESS}) of a container port given to {@link Builder#publish}. */
  public int mappedPort(int containerPort) {
    return container.getMappedPort(containerPort);
  }

  /** Private key accepted for {@value #ADMIN} and {@value #PWADMIN}. */
  public Path identityFile() {
    return TestKeys.identityFile();
  }

  /**
   * The current ed25519 host key as a known_hosts line: {@code [127.0.0.1]:PORT ssh-ed25519
   * AAAA...}.
   */
  public String hostKeyLine() {
    return "[" + ADDRESS + "]:" + sshPort() + " " + hostKey;
  }

  /** From {@code container.start()} until sshd answered and the users existed. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Runs a command as root in the container (docker exec, not SSH): for test assertions. */
  public Result exec(String... command) {
    try {
      Container.ExecResult r = container.execInContainer(command);
      return new Result(r.getExitCode(), r.getStdout(), r.getStderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + List.of(command), e);
    }
  }

  /** Copies a file of this machine into the container (as root, mode kept). */
  public void copyIn(Path file, String containerPath) {
    container.copyFileToContainer(MountableFile.forHostPath(file), containerPath);
  }

  /**
   * Runs a command as root in the container with {@code input} on its standard input (docker exec
   * -i): a secret given this way is on no command line, not even this test's. Fails unless it exits
   * 0.
   */
  public void execWithInput(String input, String... command) {
    List<String> argv = new ArrayList<>(List.of("docker", "exec", "-i", containerId()));
    argv.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(List.of(command) + " with input failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + List.of(command), e);
    }
  }

  /**
   * The container's default gateway (the Docker bridge address of this machine, where a test's
   * servers listen for it), from /proc/net/route.
   */
  public String defaultGateway() {
    for (String line : exec("cat", "/proc/net/route").stdout().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 2 && f[1].equals("00000000")) {
        long g = Long.parseLong(f[2], 16);
        return (g & 0xff)
            + "."
            + ((g >> 8) & 0xff)
            + "."
            + ((g >> 16) & 0xff)
            + "."
            + ((g >> 24) & 0xff);
      }
    }
    throw new IllegalStateException("no default route in the container");
  }

  /**
   * Makes the host's loopback DNS forward {@code zones} to a test DNS server (a knotd of the test,
   * on the Docker bridge address of this machine); every other name still gets NXDOMAIN at once.
   * Written to the image's dnsmasq configuration directory; returns when dnsmasq answers again.
   */
  public void resolveZonesVia(String server, int port, List<String> zones) {
    StringBuilder conf = new StringBuilder();
    for (String zone : zones) {
      if (!zone.matches("[a-z0-9.-]+")) {
        throw new IllegalArgumentException("zone (" + zone + ") must be a plain DNS name");
      }
      conf.append("server=/")
          .append(zone)
          .append('/')
          .append(server)
          .append('#')
          .append(port)
          .append('\n');
    }
    // The image's dnsmasq reads /etc/mailpush-test-dns.d (test-images/build.sh).
    exec(
            "sh",
            "-c",
            "printf '%s' \"$1\" > /etc/mailpush-test-dns.d/zones.conf && systemctl restart mailpush-test-dns"
                + " && for i in $(seq 1 50); do ss -lnu 'sport = :53' | grep -q 127.0.0.1 && exit 0; sleep 0.1; done; exit 1",
            "sh",
            conf.toString())
        .requireSuccess("forwarding " + zones + " to " + server + "#" + port);
  }

  /**
   * Deletes the host keys and restarts sshd, which makes new ones: clients that knew the old key
   * must now refuse the host. {@link #hostKeyLine()} returns the new key afterwards.
   */
  public void restartSshdWithNewHostKey() {
    String old = hostKey;
    hostKey =
        exec(
                "sh",
                "-c",
                "rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub"
                    + " && systemctl restart ssh.service"
                    + " && cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub")
            .requireSuccess("regenerating host keys")
            .stdout()
            .strip();
    if (hostKey.equals(old)) {
      throw new IllegalStateException("the host key did not change");
    }
    awaitSshBanner(sshPort(), Duration.ofSeconds(30));
  }

  /** Removes the container; idempotent. */
  @Override
  public void close() {
    if (RUNNING.remove(this)) {
      container.stop();
    }
  }

  @Override
  public String toString() {
    return "TargetHost[" + suite + ", " + container.getContainerId() + "]";
  }

  /** Outcome of {@link #exec}. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(
            what
                + " failed with exit code "
                + exitCode
                + ": "
                + stderr.strip()
                + " "
                + stdout.strip());
      }
      return this;
    }
  }

  /**
   * Ready when sshd sends its banner through the published port: a TCP connect alone proves
   * nothing, since Docker's proxy accepts before anything listens in the container.
   */
  private static final class SshBannerWait extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      awaitSshBanner(waitStrategyTarget.getMappedPort(22), startupTimeout);
    }
  }

  private static void awaitSshBanner(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "nothing";
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(ADDRESS, port), 1000);
        socket.setSoTimeout(2000);
        String line = readLine(socket.getInputStream());
        if (line.startsWith("SSH-")) {
          return;
        }
        last = "'" + line + "'";
      } catch (IOException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerLaunchException("interrupted while waiting for sshd", e);
      }
    }
    throw new ContainerLaunchException(
        "sshd did not answer on "
            + ADDRESS
            + ":"
            + port
            + " within "
            + timeout
            + "; last: "
            + last);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n' && line.length() < 255; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().strip();
  }
}
