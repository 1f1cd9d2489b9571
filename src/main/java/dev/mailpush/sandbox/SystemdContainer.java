package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * <p>The sandbox renders it as {@code docker run} arguments ({@link #runArgs}), the tests apply it
 * to a Testcontainers create command through {@link Settings}, and the bench prints the arguments
 * with {@link #main}.
 */
public final class SystemdContainer {
  /**
   * Every published port is bound to this address only: nothing in a target is reachable from the
   * network.
   */
  public static final String ADDRESS = "127.0.0.1";

  /**
   * The one outside name {@link Builder#hermeticDns()} lets a host resolve: the Debian mirror of
   * the images' apt.
   */
  static final String MIRROR_HOST = "deb.debian.org";

  private static final String INIT = "/sbin/init";
  private static final String USER_SCRIPT = resource("target-user.sh");

  private final String image;
  private final Optional<String> name;
  private final Optional<String> hostname;
  private final Map<String, String> labels;
  private final List<Integer> ports;
  private final Map<String, String> tmpfs;
  private final List<String> dns;
  private final Map<String, String> extraHosts;

  private SystemdContainer(Builder b) {
    image = b.image;
    name = b.name;
    hostname = b.hostname;
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    ports = List.copyOf(b.ports);
    tmpfs = Collections.unmodifiableMap(new LinkedHashMap<>(b.tmpfs));
    dns = List.copyOf(b.dns);
    extraHosts = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraHosts));
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
    // systemd as PID 1 mounts file systems and manages its own cgroups: SYS_ADMIN, no seccomp
    // filter, the host's
    // cgroup tree read-write in the host's cgroup namespace, tmpfs on /run and /run/lock, and
    // container=docker so
    // it knows where it runs. --privileged fails on these machines ("unable to apply caps").
    s.capability("SYS_ADMIN");
    // Root reads /proc/PID/exe of a daemon running as another user only with SYS_PTRACE: without it
    // start-stop-daemon --exec, as Debian's init scripts use it, finds no running daemon.
    s.capability("SYS_PTRACE");
    // fail2ban bans with nftables, as on a real server.
    s.capability("NET_ADMIN");
    s.securityOption("seccomp=unconfined");
    s.bind("/sys/fs/cgroup", "/sys/fs/cgroup");
    s.cgroupns("host");
    s.tmpfs("/run", "");
    s.tmpfs("/run/lock", "");
    tmpfs.forEach(s::tmpfs);
    s.env("container", "docker");
    ports.forEach(port -> s.publish(ADDRESS, port));
    dns.forEach(s::dns);
    extraHosts.forEach(s::extraHost);
    s.command(image, List.of(INIT));
  }

  /** The arguments of {@code docker run} (after {@code run}): detached, image and command last. */
  public List<String> runArgs() {
    List<String> args = new ArrayList<>(List.of("--detach"));
    applyTo(
        new Settings() {
          @Override
          public void name(String name) {
            args.addAll(List.of("--name", name));
          }

          @Override
          public void hostname(String hostname) {
            args.addAll(List.of("--hostname", hostname));
          }

          @Override
          public void label(String key, String value) {
            args.addAll(List.of("--label", key + "=" + value));
          }

          @Override
          public void capability(String capability) {
            args.addAll(List.of("--cap-add", capability));
          }

          @Override
          public void securityOption(String option) {
            args.addAll(List.of("--security-opt", option));
          }

          @Override
          public void bind(String hostPath, String containerPath) {
            args.addAll(List.of("--volume", hostPath + ":" + containerPath + ":rw"));
          }

          @Override
          public void cgroupns(String mode) {
            args.add("--cgroupns=" + mode);
          }

          @Override
          public void tmpfs(String path, String options) {
            args.addAll(List.of("--tmpfs", options.isEmpty() ? path : path + ":" + options));
          }

          @Override
          public void env(String name, String value) {
            args.addAll(List.of("--env", name + "=" + value));
          }

          @Override
          public void publish(String address, int containerPort) {
            args.addAll(List.of("--publish", address + "::" + containerPort));
          }

          @Override
          public void dns(String server) {
            args.addAll(List.of("--dns", server));
          }

          @Override
          public void extraHost(String name, String address) {
            args.addAll(List.of("--add-host", name + ":" + address));
          }

          @Override
          public void command(String image, List<String> command) {
            args.add(image);
            args.addAll(command);
          }
        });
    return List.copyOf(args);
  }

  /**
   * The argv that makes {@code user} the login user of a running target, as a fresh cloud server's
   * first user is: a home, {@code publicKey} as its only authorized key (0600), and sudo without a
   * password. Run as root in the container ({@code docker exec}); it prints the ed25519 host key
   * ({@code ssh-ed25519 AAAA...}).
   */
  public static List<String> userCommand(String user, String publicKey) {
    return List.of(
        "sh", "-c", USER_SCRIPT, "sh", checkUser(user), checkLine("publicKey", publicKey));
  }

  /**
   * As {@link #userCommand(String, String)}, but sudo asks for {@code sudoPassword}, every time.
   */
  public static List<String> userCommand(String user, String publicKey, String sudoPassword) {
    if (checkLine("sudoPassword", sudoPassword).contains(":")) {
      throw new IllegalArgumentException(
          "sudoPassword must not contain ':' (chpasswd's separator)");
    }
    return List.of(
        "sh",
        "-c",
        USER_SCRIPT,
        "sh",
        checkUser(user),
        checkLine("publicKey", publicKey),
        sudoPassword);
  }

  private static String checkUser(String user) {
    if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "user (" + user + ") must be a plain login name such as admin");
    }
    return user;
  }

  private static String checkLine(String what, String value) {
    if (value.isBlank() || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(what + " must be one non-blank line");
    }
    return value;
  }

  private static String resource(String file) {
    try (InputStream in = SystemdContainer.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(
            file + " is missing beside " + SystemdContainer.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What to start; each {@link #build()} gives an immutable {@link SystemdContainer}. */
  public static final class Builder {
    private final String image;
    private Optional<String> name = Optional.empty();
    private Optional<String> hostname = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<Integer> ports = new LinkedHashSet<>();
    private final Map<String, String> tmpfs = new LinkedHashMap<>();
    private final List<String> dns = new ArrayList<>();
    private final Map<String, String> extraHosts = new LinkedHashMap<>();

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
      if (!path.startsWith("/") || path.equals("/run") || path.equals("/run/lock")) {
        throw new IllegalArgumentException(
            "path (" + path + ") must be absolute and not /run or /run/lock");
      }
      tmpfs.put(path, options);
      return this;
    }

    /**
     * Hermetic DNS, for test hosts: nothing in them may query the outside world (SpamAssassin's
     * blocklists, Postfix's reverse lookups). The resolver is the image's own loopback dnsmasq,
     * which knows only /etc/hosts and answers NXDOMAIN for the rest at once; the one name apt
     * needs, {@value SystemdContainer#MIRROR_HOST}, is pinned there to the address this machine
     * resolves now.
     *
     * <p>Without it a container uses Docker's DNS, as the sandbox and the bench do on purpose: a
     * sandbox lives for days and works like a real server (blocklists, any mirror), where a pinned
     * mirror address would go stale.
     */
    public Builder hermeticDns() {
      try {
        return hermeticDns(InetAddress.getByName(MIRROR_HOST).getHostAddress());
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "cannot resolve " + MIRROR_HOST + " for the target's apt", e);
      }
    }

    /**
     * {@link #hermeticDns()} with the mirror's address given: for tests, which resolve no public
     * name.
     */
    Builder hermeticDns(String mirrorAddress) {
      dns.clear();
      dns.add("127.0.0.1");
      extraHosts.put(MIRROR_HOST, mirrorAddress);
      return this;
    }

    public SystemdContainer build() {
      return new SystemdContainer(this);
    }
  }

  /**
   * For bench/run.sh: prints the {@code docker run} arguments of a target, one a line, without a
   * name or host name (the script adds one per container).
   *
   * <pre>
   * java -cp mailpush.jar dev.mailpush.sandbox.SystemdContainer IMAGE [--label KEY=VALUE]... [--publish PORT]...
   * </pre>
   */
  public static void main(String[] args) {
    try {
      StringBuilder out = new StringBuilder();
      for (String arg : parse(args).runArgs()) {
        out.append(checkLine("argument", arg)).append('\n');
      }
      System.out.print(out);
    } catch (IllegalArgumentException e) {
      System.err.println("SystemdContainer: " + e.getMessage());
      System.err.println(
          "usage: SystemdContainer IMAGE [--label KEY=VALUE]... [--publish PORT]...");
      System.exit(2);
    }
  }

  static SystemdContainer parse(String... args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new IllegalArgumentException("the image comes first");
    }
    Builder b = builder(args[0]);
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
}
