package dev.mailpush.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlPosition;

/** {@code [ssh]} and {@code [hosts.X.ssh]}: how to reach each host and become root on it. */
final class SshSection {
  static final List<String> KEYS =
      List.of(
          "user",
          "port",
          "identity_file",
          "known_hosts",
          "host_key_policy",
          "become",
          "jump_host",
          "connect_timeout",
          "keepalive_interval",
          "keepalive_count");

  private SshSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("user", t.string("user", Names::linuxUser));
    s.put("port", t.integer("port", 1, 65535));
    s.put("identity_file", t.string("identity_file", Syntax::localPath));
    s.put("known_hosts", t.string("known_hosts", Syntax::localPath));
    s.put("host_key_policy", t.string("host_key_policy", SshSection::hostKeyPolicy));
    s.put("become", t.string("become", v -> Syntax.oneOf(v, List.of("sudo", "none"))));
    s.put("jump_host", t.string("jump_host", HostAddresses::jumpHost));
    s.put("connect_timeout", t.integer("connect_timeout", 1, 300));
    s.put("keepalive_interval", t.integer("keepalive_interval", 1, 300));
    s.put("keepalive_count", t.integer("keepalive_count", 1, 100));
    return s;
  }

  static SshConfig resolve(Settings s, PathResolver paths, HostScope scope) {
    String user = s.value("user", String.class, "root");
    SshConfig.Become become = SshConfig.Become.SUDO;
    Optional<Located<String>> explicit = s.get("become", String.class);
    if (explicit.isPresent()) {
      become =
          explicit.get().value().equals("none") ? SshConfig.Become.NONE : SshConfig.Become.SUDO;
      if (become == SshConfig.Become.NONE && !user.equals("root")) {
        TomlPosition at = explicit.get().position();
        scope.add(
            at,
            "become = \"none\" needs user = \"root\", but the SSH user is \"" + user + "\"",
            "mailpush needs root on the host: log in as root, or use become = \"sudo\"");
      }
    } else if (user.equals("root")) {
      become = SshConfig.Become.NONE;
    }
    SshConfig.HostKeyPolicy policy =
        s.value("host_key_policy", String.class, "strict").equals("accept-new")
            ? SshConfig.HostKeyPolicy.ACCEPT_NEW
            : SshConfig.HostKeyPolicy.STRICT;
    Optional<Path> identity =
        s.get("identity_file", String.class).map(v -> paths.resolve(v.value()));
    Path knownHosts = paths.resolve(s.value("known_hosts", String.class, "~/.ssh/known_hosts"));
    Optional<SshConfig.JumpHost> jump =
        s.get("jump_host", String.class).map(v -> HostAddresses.toJumpHost(v.value(), user));
    SshConfig.KeepAlive keepAlive =
        new SshConfig.KeepAlive(
            Duration.ofSeconds(
                s.value(
                    "keepalive_interval",
                    Long.class,
                    SshConfig.KeepAlive.DEFAULT.interval().toSeconds())),
            s.value("keepalive_count", Long.class, (long) SshConfig.KeepAlive.DEFAULT.count())
                .intValue());
    return new SshConfig(
        user,
        s.value("port", Long.class, 22L).intValue(),
        identity,
        knownHosts,
        policy,
        become,
        jump,
        Duration.ofSeconds(s.value("connect_timeout", Long.class, 10L)),
        keepAlive);
  }

  private static Checked hostKeyPolicy(String v) {
    if (v.equals("strict") || v.equals("accept-new")) {
      return Checked.ok(v);
    }
    return Checked.bad(
        "\""
            + v
            + "\" is not one of strict | accept-new"
            + Suggestions.closest(v, List.of("strict", "accept-new"))
                .map(s -> "; did you mean \"" + s + "\"?")
                .orElse(""),
        "mailpush never accepts host keys unchecked: whoever answers in the middle would get your root session."
            + " Use accept-new to record a new host's key on first connection, or add the key to known_hosts and keep strict");
  }
}
