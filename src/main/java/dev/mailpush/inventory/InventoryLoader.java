package dev.mailpush.inventory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlVersion;

/**
 * Reads an inventory file into fully merged host settings, or fails with every problem in the file
 * at once, each with its line, column and a hint.
 */
public final class InventoryLoader {
  private static final List<String> SECTIONS =
      List.of("ssh", "mail", "tls", "backup", "alerts", "resolver", "dns", "vars", "hosts");
  private static final Pattern DUPLICATE =
      Pattern.compile("(.+) previously defined at line (\\d+), column (\\d+)");
  private static final TomlPosition START = TomlPosition.positionAt(1, 1);

  private final Path home;

  public InventoryLoader() {
    this(Path.of(System.getProperty("user.home")));
  }

  /** With the home directory {@code ~} stands for in the inventory's paths. */
  public InventoryLoader(Path home) {
    this.home = home;
  }

  public Inventory load(Path file) {
    Problems problems = new Problems(file);
    TomlParseResult toml;
    try {
      toml = Toml.parse(file, TomlVersion.V1_0_0);
    } catch (NoSuchFileException e) {
      problems.addForFile(
          "no such file",
          "check the path (relative paths start at "
              + Path.of("").toAbsolutePath()
              + "), or make a starter inventory with mailpush init");
      throw new InventoryException(problems.sorted());
    } catch (AccessDeniedException e) {
      problems.addForFile(
          "not readable by you", "check the file's permissions (ls -l " + file + ")");
      throw new InventoryException(problems.sorted());
    } catch (IOException e) {
      problems.addForFile(
          "cannot read the inventory: " + e.getMessage(),
          "check the path and the file's permissions");
      throw new InventoryException(problems.sorted());
    }
    if (toml.hasErrors()) {
      // After a syntax error the parsed tree is incomplete; checking it would only add misleading
      // problems.
      toml.errors().forEach(error -> addParseError(problems, error));
      problems.throwIfAny();
    }
    Path baseDir = file.toAbsolutePath().getParent();
    PathResolver paths = new PathResolver(home, baseDir);
    TableReader root = new TableReader(toml, List.of(), START, problems);
    List<HostConfig> hosts = hosts(root, paths);
    Optional<DnsConfig> dns = root.table("dns").flatMap(t -> DnsSection.read(t, paths));
    problems.throwIfAny();
    return new Inventory(file, hosts, dns);
  }

  private static List<HostConfig> hosts(TableReader root, PathResolver paths) {
    root.rejectUnknown(SECTIONS, InventoryLoader::sectionOf);
    HostsSection.Defaults defaults =
        new HostsSection.Defaults(
            root.table("ssh").map(SshSection::read).orElseGet(Settings::new),
            root.table("mail").map(MailSection::read).orElseGet(Settings::new),
            root.table("tls").map(TlsSection::read).orElseGet(Settings::new),
            root.table("backup").map(BackupSection::read).orElseGet(Settings::new),
            root.table("alerts").map(AlertsSection::read).orElseGet(Settings::new),
            root.table("resolver").map(ResolverSection::read).orElseGet(Settings::new),
            root.table("vars").map(VarsSection::read).orElse(Settings.Entries.EMPTY));
    if (!root.has("hosts")) {
      root.problems()
          .add(
              START,
              "no hosts: the inventory has no [hosts.NAME] table",
              "add at least one host, e.g. [hosts.mx1] with address = \"203.0.113.10\" and hostname = \"mail.example.com\"");
      return List.of();
    }
    return root.table("hosts")
        .map(
            t -> {
              if (t.keys().isEmpty()) {
                t.problems()
                    .add(
                        t.position(),
                        "no hosts: [hosts] is empty",
                        "add at least one host as [hosts.NAME] with address and hostname");
              }
              return new HostsSection(defaults, paths).read(t);
            })
        .orElse(List.of());
  }

  /** A section's key written at top level is usually a missing table header. */
  private static String sectionOf(String key) {
    for (Map.Entry<String, List<String>> section :
        List.of(
            Map.entry("ssh", SshSection.KEYS),
            Map.entry("mail", MailSection.KEYS),
            Map.entry("tls", TlsSection.KEYS),
            Map.entry("backup", BackupSection.KEYS),
            Map.entry("alerts", AlertsSection.KEYS),
            Map.entry("resolver", ResolverSection.KEYS),
            Map.entry("dns", DnsSection.KEYS),
            Map.entry("hosts", HostsSection.KEYS))) {
      if (section.getValue().contains(key)) {
        String table =
            section.getKey().equals("hosts") ? "[hosts.NAME]" : "[" + section.getKey() + "]";
        return key + " belongs in " + table + ": put it below that table header";
      }
    }
    return null;
  }

  private static void addParseError(Problems problems, TomlParseError error) {
    TomlPosition at = error.position() == null ? START : error.position();
    Matcher duplicate = DUPLICATE.matcher(error.getMessage());
    if (duplicate.matches()) {
      problems.add(
          at,
          "duplicate key or table \""
              + duplicate.group(1)
              + "\" (first defined at line "
              + duplicate.group(2)
              + ", column "
              + duplicate.group(3)
              + ")",
          "TOML allows each key and each [table] header only once: merge the two, or rename one");
    } else if (error.getMessage().contains("a number, a boolean")) {
      problems.add(
          at,
          "TOML syntax: " + error.getMessage(),
          "text values need double quotes, e.g. mode = \"acme\"; numbers and true/false do not");
    } else {
      problems.add(
          at,
          "TOML syntax: " + error.getMessage(),
          "see the TOML 1.0 syntax at https://toml.io/en/v1.0.0");
    }
  }
}
