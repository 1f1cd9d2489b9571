package dev.mailpush.testhosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inventory file ({@code inventory.toml}, keys as in DESIGN.md) and a {@code known_hosts} file
 * for target hosts, written into one directory:
 *
 * <pre>{@code
 * TestInventory inv = TestInventory.builder(tempDir)
 *     .host("mx1", hostA).host("mx2", hostB)
 *     .extraToml("[mail]\nvirtual_domains = [\"example.test\"]")
 *     .write();
 * // mailpush deploy inv.file()
 * }</pre>
 *
 * Every host is {@code address = "127.0.0.1"} with its own port in {@code [hosts.NAME.ssh]}.
 */
public record TestInventory(Path file, Path knownHosts) {

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** One inventory host: where its sshd listens and the key it presents. */
  public record Host(String name, int port, String hostname, String hostKeyLine) {
    public Host {
      if (!name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException(
            "name (" + name + ") must be a bare TOML key: letters, digits, - and _");
      }
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(hostKeyLine, "hostKeyLine");
    }
  }

  public static final class Builder {
    private final Path dir;
    private final List<Host> hosts = new ArrayList<>();
    private final Map<String, List<String>> hostSsh = new LinkedHashMap<>();
    private String user = TargetHost.ADMIN;
    private boolean knownHostsEntries = true;
    private Path identityFile; // default resolved in write(): generating the key needs ssh-keygen
    private final StringBuilder extra = new StringBuilder();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Adds a host with the FQDN {@code NAME.mailpush.test}. */
    public Builder host(String name, TargetHost host) {
      return host(name, name + ".mailpush.test", host);
    }

    public Builder host(String name, String hostname, TargetHost host) {
      return host(new Host(name, host.sshPort(), hostname, host.hostKeyLine()));
    }

    public Builder host(Host host) {
      if (hosts.stream().anyMatch(h -> h.name().equals(host.name()))) {
        throw new IllegalArgumentException("host " + host.name() + " added twice");
      }
      hosts.add(host);
      return this;
    }

    /** {@code [ssh] user}; default {@value TargetHost#ADMIN}. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** {@code [ssh] identity_file}; default this JVM's test key. */
    public Builder identityFile(Path identityFile) {
      this.identityFile = identityFile;
      return this;
    }

    /**
     * Writes an empty known_hosts file (for unknown-host tests, and accept-new ones through {@link
     * #hostSsh}).
     */
    public Builder emptyKnownHosts() {
      this.knownHostsEntries = false;
      return this;
    }

    /**
     * A raw line added to {@code [hosts.NAME.ssh]}, e.g. {@code host_key_policy = "accept-new"}.
     */
    public Builder hostSsh(String name, String rawTomlLine) {
      hostSsh.computeIfAbsent(name, n -> new ArrayList<>()).add(rawTomlLine);
      return this;
    }

    /**
     * Raw TOML appended at the end of the file ({@code [mail]}, {@code [tls]}, {@code
     * [hosts.NAME.mail]}...).
     */
    public Builder extraToml(String rawToml) {
      extra.append('\n').append(rawToml.strip()).append('\n');
      return this;
    }

    public TestInventory write() {
      if (hosts.isEmpty()) {
        throw new IllegalStateException("an inventory needs at least one host");
      }
      for (String name : hostSsh.keySet()) {
        if (hosts.stream().noneMatch(h -> h.name().equals(name))) {
          throw new IllegalStateException("hostSsh names unknown host " + name);
        }
      }
      Path file = dir.resolve("inventory.toml");
      Path knownHosts = dir.resolve("known_hosts");
      StringBuilder toml = new StringBuilder();
      toml.append("# Written by TestInventory for test containers.\n")
          .append("[ssh]\n")
          .append("user = ")
          .append(quote(user))
          .append('\n')
          .append("identity_file = ")
          .append(quote((identityFile != null ? identityFile : TestKeys.identityFile()).toString()))
          .append('\n')
          .append("known_hosts = ")
          .append(quote(knownHosts.toString()))
          .append('\n')
          .append("host_key_policy = \"strict\"\n")
          .append("become = \"sudo\"\n");
      StringBuilder keys = new StringBuilder();
      for (Host h : hosts) {
        toml.append("\n[hosts.")
            .append(h.name())
            .append("]\n")
            .append("address = ")
            .append(quote(TargetHost.ADDRESS))
            .append('\n')
            .append("hostname = ")
            .append(quote(h.hostname()))
            .append('\n')
            .append("\n[hosts.")
            .append(h.name())
            .append(".ssh]\n")
            .append("port = ")
            .append(h.port())
            .append('\n');
        hostSsh.getOrDefault(h.name(), List.of()).forEach(line -> toml.append(line).append('\n'));
        keys.append(h.hostKeyLine()).append('\n');
      }
      toml.append(extra);
      try {
        Files.createDirectories(dir);
        Files.writeString(file, toml);
        Files.writeString(knownHosts, knownHostsEntries ? keys : "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new TestInventory(file, knownHosts);
    }
  }

  /** A TOML basic string. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            q.append(String.format("\\u%04X", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
