package dev.mailpush.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one definition of a mailpush target container: a {@code mailpush-target} image
 * (test-images/build.sh) with systemd as PID 1 and OpenSSH, as {@code mailpush sandbox}, the
 * end-to-end tests' {@code TargetHost} and {@code bench/run.sh} start it, and the script that makes
 * its login user ({@link #userCommand}).
 *
 * <p>The sandbox renders it as {@code docker run} arguments ({@link DockerRunArguments}), the tests
 * apply it to a Testcontainers create command through {@link Settings}, and the bench prints the
 * arguments ({@link BenchTargetArguments}). What every target is granted is {@link
 * SystemdInDocker}.
 */
public final class SystemdContainer {
  /**
   * Every published port is bound to this address only: nothing in a target is reachable from the
   * network.
   */
  public static final String ADDRESS = "127.0.0.1";

  private static final String INIT = "/sbin/init";

  private final String image;
  private final Optional<String> name;
  private final Optional<String> hostname;
  private final Map<String, String> labels;
  private final List<Integer> ports;
  private final Map<String, String> tmpfs;
  private final Map<String, String> volumes;
  private final Optional<HermeticDns> hermeticDns;

  private SystemdContainer(Builder b) {
    image = b.image;
    name = b.name;
    hostname = b.hostname;
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    ports = List.copyOf(b.ports);
    tmpfs = Collections.unmodifiableMap(new LinkedHashMap<>(b.tmpfs));
    volumes = Collections.unmodifiableMap(new LinkedHashMap<>(b.volumes));
    hermeticDns = b.hermeticDns;
  }

  public static Builder builder(String image) {
    return new Builder(image);
  }

  /**
   * The settings of a container, one call per setting. The docker CLI ({@link #runArgs}) and
   * docker-java (the tests' {@code TargetHost}) each implement it: a new kind of setting is a new
   * method here, and then both fail to compile until they apply it, so neither can silently leave
   * it out.
   */
  public interface Settings {
    void name(String name);

    void hostname(String hostname);

    void label(String key, String value);

    void capability(String capability);

    void securityOption(String option);

    /** A read-write bind mount. */
    void bind(String hostPath, String containerPath);

    void cgroupns(String mode);

    void tmpfs(String path, String options);

    void env(String name, String value);

    /** Publishes {@code containerPort} on a free port of {@code address}. */
    void publish(String address, int containerPort);

    void dns(String server);

    void extraHost(String name, String address);

    void command(String image, List<String> command);
  }

  /** Calls {@code s} once for every setting, in {@code docker run}'s order. */
  public void applyTo(Settings s) {
    name.ifPresent(s::name);
    hostname.ifPresent(s::hostname);
    labels.forEach(s::label);
    SystemdInDocker.applyTo(s);
    tmpfs.forEach(s::tmpfs);
    volumes.forEach((path, source) -> s.bind(source, path));
    // systemd looks at $container to know it runs in one.
    s.env("container", "docker");
    ports.forEach(port -> s.publish(ADDRESS, port));
    hermeticDns.ifPresent(dns -> dns.applyTo(s));
    s.command(image, List.of(INIT));
  }

  /** The arguments of {@code docker run} (after {@code run}): detached, image and command last. */
  public List<String> runArgs() {
    return DockerRunArguments.of(this);
  }

  /**
   * The argv that makes {@code user} the login user of a running target, as a fresh cloud server's
   * first user is: a home, {@code publicKey} as its only authorized key (0600), and sudo without a
   * password. Run as root in the container ({@code docker exec}); it prints the ed25519 host key
   * ({@code ssh-ed25519 AAAA...}).
   */
  public static List<String> userCommand(String user, String publicKey) {
    return TargetUserCommand.passwordless(user, publicKey);
  }

  /**
   * As {@link #userCommand(String, String)}, but sudo asks for {@code sudoPassword}, every time.
   */
  public static List<String> userCommand(String user, String publicKey, String sudoPassword) {
    return TargetUserCommand.withSudoPassword(user, publicKey, sudoPassword);
  }

  /** What to start; each {@link #build()} gives an immutable {@link SystemdContainer}. */
  public static final class Builder {
    private final String image;
    private Optional<String> name = Optional.empty();
    private Optional<String> hostname = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<Integer> ports = new LinkedHashSet<>();
    private final Map<String, String> tmpfs = new LinkedHashMap<>();
    private final Map<String, String> volumes = new LinkedHashMap<>();
    private Optional<HermeticDns> hermeticDns = Optional.empty();

    private Builder(String image) {
      if (!image.matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?")) {
        throw new IllegalArgumentException(
            "image (" + image + ") must be a name such as mailpush-target:bookworm");
      }
      this.image = image;
    }

    /** The container's name (default: Docker's). */
    public Builder name(String name) {
      this.name = Optional.of(name);
      return this;
    }

    /** The container's host name (default: Docker's, the container id). */
    public Builder hostname(String hostname) {
      this.hostname = Optional.of(hostname);
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * Publishes these container ports (e.g. 22, 25, 587) on free ports of {@value
     * SystemdContainer#ADDRESS}.
     */
    public Builder publish(int... containerPorts) {
      for (int port : containerPorts) {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port (" + port + ") must be 1-65535");
        }
        ports.add(port);
      }
      return this;
    }

    /**
     * Also mounts a tmpfs at {@code path} with mount {@code options} (e.g. {@code "size=256k"}): a
     * small file system a test can fill. /run and /run/lock are always tmpfs, as systemd needs.
     */
    public Builder tmpfs(String path, String options) {
      if (!path.startsWith("/") || SystemdInDocker.RUNTIME_TMPFS.contains(path)) {
        throw new IllegalArgumentException(
            "path (" + path + ") must be absolute and not /run or /run/lock");
      }
      tmpfs.put(path, options);
      return this;
    }

    /**
     * Also mounts the Docker volume (or host directory) {@code source} read-write at {@code path}:
     * a disk that outlives the container, as a backup disk does its server.
     */
    public Builder volume(String source, String path) {
      if (!path.startsWith("/") || path.equals("/sys/fs/cgroup")) {
        throw new IllegalArgumentException(
            "path (" + path + ") must be absolute, not the cgroup tree");
      }
      volumes.put(path, source);
      return this;
    }

    /**
     * Hermetic DNS, for test hosts: the image's loopback resolver, which answers only /etc/hosts
     * and {@value HermeticDns#MIRROR_HOST}, pinned to the address it has now. Without it a
     * container uses Docker's DNS; {@link HermeticDns} says why the sandbox and the bench do.
     */
    public Builder hermeticDns() {
      hermeticDns = Optional.of(HermeticDns.resolvingMirror());
      return this;
    }

    /**
     * {@link #hermeticDns()} with the mirror's address given: for tests, which resolve no public
     * name.
     */
    Builder hermeticDns(String mirrorAddress) {
      hermeticDns = Optional.of(new HermeticDns(mirrorAddress));
      return this;
    }

    public SystemdContainer build() {
      return new SystemdContainer(this);
    }
  }

  /**
   * For bench/run.sh: prints the {@code docker run} arguments of a target, one a line, without a
   * name or host name (the script adds one per container); {@link BenchTargetArguments} has the
   * usage.
   */
  public static void main(String[] args) {
    BenchTargetArguments.main(args);
  }
}
