package dev.mailpush.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One sandbox: a throwaway Debian target in Docker named {@code name}, of Debian {@code suite},
 * whose key and inventory live in {@code dir}.
 */
public record Sandbox(String name, String suite, Path dir) {
  /** Debian suites with a {@code mailpush-target} image (test-images/build.sh). */
  public static final List<String> SUITES = List.of("bullseye", "bookworm", "trixie");

  public static final String DEFAULT_NAME = "sandbox";
  public static final String DEFAULT_SUITE = "bookworm";

  /** SSH and the mail ports, each published on a free port of 127.0.0.1. */
  public static final Map<Integer, String> PORTS =
      Map.of(
          22,
          "ssh",
          25,
          "smtp",
          465,
          "submissions",
          587,
          "submission",
          143,
          "imap",
          993,
          "imaps",
          4190,
          "managesieve");

  static final List<Integer> PORT_ORDER = List.of(22, 25, 465, 587, 143, 993, 4190);

  /** Every sandbox carries this label, so status lists them and nothing else. */
  public static final String LABEL = "mailpush-sandbox";

  static final String NAME_LABEL = LABEL + ".name";
  static final String SUITE_LABEL = LABEL + ".suite";

  /** Where the key and inventory were written: down finds them from any working directory. */
  static final String DIR_LABEL = LABEL + ".dir";

  static final String CONTAINER_PREFIX = "mailpush-sandbox-";
  static final String HOSTNAME = "mail.sandbox.test";

  public Sandbox {
    if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw new SandboxException(
          "sandbox name ("
              + name
              + ") must be 1-40 lower-case letters, digits or -,"
              + " starting with a letter or digit",
          "e.g. mailpush sandbox up demo");
    }
    if (!SUITES.contains(suite)) {
      throw new SandboxException(
          "suite (" + suite + ") must be one of " + String.join(", ", SUITES),
          "e.g. --suite bookworm (Debian 12)");
    }
    dir = dir.toAbsolutePath().normalize();
  }

  /** The default place for a sandbox's files: {@code .sandbox/NAME} under the working directory. */
  public static Path defaultDir(String name) {
    return Path.of(".sandbox", name);
  }

  public String container() {
    return container(name);
  }

  static String container(String name) {
    return CONTAINER_PREFIX + name;
  }

  public String image() {
    return "mailpush-target:" + suite;
  }

  public Path inventory() {
    return dir.resolve("inventory.toml");
  }

  public Path identity() {
    return dir.resolve("id_ed25519");
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /**
   * The {@code docker run} arguments: a {@link SystemdContainer} with SSH and the mail ports,
   * labelled so that status and down find it. Docker's DNS, not the tests' hermetic one: see {@link
   * SystemdContainer.Builder#hermeticDns}.
   */
  List<String> runArgs() {
    SystemdContainer.Builder target =
        SystemdContainer.builder(image())
            .name(container())
            .hostname(HOSTNAME)
            .label(LABEL, "1")
            .label(NAME_LABEL, name)
            .label(SUITE_LABEL, suite)
            .label(DIR_LABEL, dir.toString());
    PORT_ORDER.forEach(target::publish);
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(target.build().runArgs());
    return args;
  }
}
