package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Handler;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PackageState;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.ProbeScript;
import dev.mailpush.facts.ServiceState;
import dev.mailpush.facts.UserState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryException;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.inventory.Problem;
import dev.mailpush.ssh.ShellQuote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No inventory value can inject a command or a config line. Every value that reaches the hosts (domains,
 * addresses, user names and hashes, the label, host names, the DKIM selector, the greylisting pass list, Postfix
 * overrides, ACME settings, SSH settings, free variables) is set, one at a time, to hostile variants of a valid
 * value: line breaks, {@code ;}, {@code $()}, backticks, quotes, {@code %}, backslashes, NUL, {@code {{}}, glob
 * and redirection characters, very long and non-ASCII strings. Each variant must be
 * <ul>
 *   <li>rejected by the loader, with the problem at the value's own file:line and no raw control character in
 *       the message, or
 *   <li>accepted, and then the built-in mail server playbook compiled and planned for a Debian 12 host on which
 *       nothing exists yet (so every command and every file is planned) must differ from the plan for the valid
 *       value only where that value stood: every argv, every file (same lines; in map files the same fields per
 *       line) and the task labels are the same once the value is put back; the value is in no shell script
 *       (scripts get values as positional parameters); in the fact probe it only appears inside quoted words.
 * </ul>
 * User playbooks may put values into shell code ({@code unless}, {@code sh -c SCRIPT}): there, each value is
 * inserted as one quoted word, which a real {@code sh} proves below.
 */
class InjectionTest {
  private static final Distro DEBIAN_12 =
      Distro.detect(new OsRelease("debian", "12", List.of(), "Debian 12"));
  private static final String HASH =
      "$6$Zq3x9Lk2Pq$X8u9auRcTvnIcM1/vhmOALU9/cylWQ06Rw.47NxlSB/NoBh1C/Yz0DMMmYwAG4UKtcfxzr34Ta.1e9MVn1tQt1";
  private static final String OTHER_HASH =
      "$6$Ab3x9Lk2Pq$Y8u9auRcTvnIcM1/vhmOALU9/cylWQ06Rw.47NxlSB/NoBh1C/Yz0DMMmYwAG4UKtcfxzr34Ta.1e9MVn1tQt1";

  /** Map files: whitespace separates key and value, so a value must never add a field. */
  private static final Set<String> MAP_FILES =
      Set.of(
          "/etc/postfix/virtual",
          "/etc/postfix/greylisting-pass",
          "/etc/opendkim/KeyTable",
          "/etc/opendkim/SigningTable");

  /** The hostile pieces, each put before, inside and after a valid value. */
  static final List<String> PIECES =
      List.of(
          "\n",
          "\r",
          "\r\n",
          "\nrelayhost = evil.example\n",
          "\n[mail]\n",
          "\u0000",
          "\t",
          "\u000b",
          "\f",
          "\u007f",
          "\u0085",
          "\u2028",
          "\u2029",
          "\u202e",
          "\u200b",
          "\ufeff",
          ";",
          "; reboot",
          "&&",
          "&",
          "|",
          "||",
          "$(id)",
          "$(touch pwned)",
          "`id`",
          "${IFS}",
          "$HOME",
          "$",
          "'",
          "\"",
          "\\",
          "\\n",
          "%",
          "%{user}",
          "%u",
          "{{host.name}}",
          "{{",
          "}}",
          "{",
          "}",
          "#",
          "=",
          " ",
          " = ",
          ":",
          ",",
          "/",
          "../",
          "..",
          "*",
          "?",
          "[",
          "]",
          "(",
          ")",
          "<",
          ">",
          ">>",
          "~",
          "!",
          "-",
          "--",
          "-o",
          "@",
          "+",
          "é",
          "ü",
          "\u0430",
          "ß",
          "\u4e2d",
          "\ud83d\udce7",
          "xn--",
          "a".repeat(300),
          "b".repeat(10_000));

  static final Map<String, int[]> TALLY = new TreeMap<>();

  /** Valid values, distinctive enough ("zq") that replacing them back is unambiguous. */
  static final Map<String, String> BASELINE = new LinkedHashMap<>();

  static {
    BASELINE.put("ssh.user", "zquser");
    BASELINE.put("ssh.jump_host", "zqjump@bastion-zq.example.net:2222");
    BASELINE.put("ssh.identity_file", "/home/zq/.ssh/id_zq");
    BASELINE.put("ssh.known_hosts", "/home/zq/.ssh/known_zq");
    BASELINE.put("mail.server_label", "Zq Label Server");
    BASELINE.put("mail.virtual_domains[1]", "zqdomain.example");
    BASELINE.put("mail.dkim_selector", "zqsel");
    BASELINE.put("mail.greylisting_pass_list[0]", "zqpass.example.net");
    BASELINE.put("mail.postfix_overrides name", "zqoverride");
    BASELINE.put("mail.postfix_overrides value", "[zqrelay.example.net]:587");
    BASELINE.put("mail.virtual_addresses address", "zqaddr@example.com");
    BASELINE.put("mail.virtual_addresses user", "zqtarget");
    BASELINE.put("mail.users name", "zqmailuser");
    BASELINE.put("mail.users password_hash", HASH);
    BASELINE.put("tls.acme_directory", "https://zqacme.example.net/directory");
    BASELINE.put("tls.acme_email", "zqacme@example.com");
    BASELINE.put("tls.webroot", "/var/www/zqroot");
    BASELINE.put("vars value", "zqvar-value");
    BASELINE.put("vars name", "zqvarname");
    BASELINE.put("hosts name", "zqhost");
    BASELINE.put("hosts address", "zqaddress.example.net");
    BASELINE.put("hosts hostname", "zqmx.example.net");
  }

  /** Where each value is kept once loaded (normalised: lowercase domains and so on). */
  static final Map<String, Function<HostConfig, String>> STORED = new HashMap<>();

  static {
    STORED.put("ssh.user", h -> h.ssh().user());
    STORED.put("ssh.jump_host", h -> h.ssh().jumpHost().orElseThrow().toString());
    STORED.put("ssh.identity_file", h -> h.ssh().identityFile().orElseThrow().toString());
    STORED.put("ssh.known_hosts", h -> h.ssh().knownHosts().toString());
    STORED.put("mail.server_label", h -> h.mail().serverLabel());
    STORED.put("mail.virtual_domains[1]", h -> h.mail().virtualDomains().get(1));
    STORED.put("mail.dkim_selector", h -> h.mail().dkimSelector());
    STORED.put("mail.greylisting_pass_list[0]", h -> h.mail().greylistingPassList().get(0));
    STORED.put(
        "mail.postfix_overrides name", h -> h.mail().postfixOverrides().keySet().iterator().next());
    STORED.put("mail.postfix_overrides value", h -> h.mail().postfixOverrides().get("relayhost"));
    STORED.put(
        "mail.virtual_addresses address",
        h -> List.copyOf(h.mail().virtualAddresses().keySet()).get(1));
    STORED.put(
        "mail.virtual_addresses user",
        h -> h.mail().virtualAddresses().get("bob@example.com").get(0));
    STORED.put("mail.users name", h -> List.copyOf(h.mail().users().keySet()).get(1));
    STORED.put("mail.users password_hash", h -> h.mail().users().get("alice").passwordHash());
    STORED.put("tls.acme_directory", h -> h.tls().acmeDirectory());
    STORED.put("tls.acme_email", h -> h.tls().acmeEmail().orElseThrow());
    STORED.put("tls.webroot", h -> h.tls().webroot());
    STORED.put("vars value", h -> h.vars().get("x"));
    STORED.put(
        "vars name",
        h -> h.vars().keySet().stream().filter(k -> !k.equals("x")).findFirst().orElseThrow());
    STORED.put("hosts name", HostConfig::name);
    STORED.put("hosts address", HostConfig::address);
    STORED.put("hosts hostname", HostConfig::hostname);
  }

  @TempDir static Path dir;
  static Playbook mailserver;
  static HostConfig baselineHost;
  static Compiled baseline;

  @BeforeAll
  static void compileTheValidInventory() {
    mailserver = PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml");
    Written w = inventory(Map.of());
    baselineHost = new InventoryLoader().load(w.file()).hosts().get(0);
    baseline = Compiled.of(mailserver, baselineHost);
    // Every value the mail server playbook uses is in the baseline plan, so the comparisons below
    // mean something.
    for (String slot :
        List.of(
            "mail.server_label",
            "mail.virtual_domains[1]",
            "mail.dkim_selector",
            "mail.greylisting_pass_list[0]",
            "mail.postfix_overrides name",
            "mail.postfix_overrides value",
            "mail.virtual_addresses address",
            "mail.virtual_addresses user",
            "mail.users name",
            "hosts hostname")) {
      assertThat(baseline.text()).as(slot + " is used by the plan").contains(BASELINE.get(slot));
    }
    assertThat(baseline.stdins)
        .as("the hash goes to chpasswd's stdin")
        .anyMatch(s -> s.contains(HASH));
  }

  @AfterAll
  static void report() {
    System.out.println(
        "[injection] slot                                  variants  rejected  accepted");
    int[] sum = new int[3];
    TALLY.forEach(
        (slot, t) -> {
          System.out.printf(Locale.ROOT, "[injection] %-36s %9d %9d %9d%n", slot, t[0], t[1], t[2]);
          for (int i = 0; i < 3; i++) {
            sum[i] += t[i];
          }
        });
    System.out.printf(
        Locale.ROOT, "[injection] %-36s %9d %9d %9d%n", "total", sum[0], sum[1], sum[2]);
  }

  static Stream<String> slots() {
    return BASELINE.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("slots")
  void everyHostileVariantIsRejectedAtItsLineOrChangesNothingButTheValue(String slot) {
    String valid = BASELINE.get(slot);
    List<String> variants = new ArrayList<>();
    for (String piece : PIECES) {
      variants.add(piece + valid);
      variants.add(valid.substring(0, 2) + piece + valid.substring(2));
      variants.add(valid + piece);
    }
    variants.addAll(
        List.of(
            "zqbücher.example",
            "zq-\u0431\u0443\u043a\u0432\u044b.example",
            valid.toUpperCase(Locale.ROOT),
            valid + ".",
            " " + valid + " "));
    List<String> failures = new ArrayList<>();
    int rejected = 0;
    int accepted = 0;
    for (String variant : variants) {
      Written w = inventory(Map.of(slot, variant));
      Inventory inventory;
      try {
        inventory = new InventoryLoader().load(w.file());
      } catch (InventoryException e) {
        rejected++;
        checkRejection(slot, variant, w, e).ifPresent(failures::add);
        continue;
      } catch (RuntimeException e) {
        failures.add(show(variant) + ": the loader threw " + e);
        continue;
      }
      accepted++;
      try {
        checkAccepted(slot, variant, inventory.hosts().get(0)).ifPresent(failures::add);
      } catch (RuntimeException e) {
        failures.add(show(variant) + ": accepted, then compiling or planning threw " + e);
      }
    }
    TALLY.put(slot, new int[] {variants.size(), rejected, accepted});
    assertThat(failures)
        .as(
            slot
                + ": "
                + variants.size()
                + " variants, "
                + rejected
                + " rejected, "
                + accepted
                + " accepted")
        .isEmpty();
  }

  /**
   * The problem is reported at the value's own line, as file:line:column, with no raw control
   * character.
   */
  private static Optional<String> checkRejection(
      String slot, String variant, Written w, InventoryException e) {
    List<Problem> problems = e.problems();
    if (problems.isEmpty()) {
      return Optional.of(show(variant) + ": rejected without a problem");
    }
    for (Problem p : problems) {
      String rendered = p.render();
      if (!rendered.startsWith(w.file() + ":" + p.line() + ":" + p.column() + ": ")
          || p.line() < 1) {
        return Optional.of(show(variant) + ": problem without file:line:column: " + rendered);
      }
      if ((p.message() + p.hint()).codePoints().anyMatch(InjectionTest::breaksALine)) {
        return Optional.of(
            show(variant) + ": the message prints a raw control character: " + show(rendered));
      }
    }
    if (problems.stream().noneMatch(p -> p.line() == w.lineOf(slot))) {
      return Optional.of(
          show(variant)
              + ": no problem at line "
              + w.lineOf(slot)
              + " (where "
              + slot
              + " is): "
              + problems.stream().map(Problem::render).toList());
    }
    return Optional.empty();
  }

  private static Optional<String> checkAccepted(String slot, String variant, HostConfig host) {
    String value = STORED.get(slot).apply(host);
    String valid = STORED.get(slot).apply(baselineHost);
    if (value.codePoints().anyMatch(InjectionTest::breaksALine)) {
      return Optional.of(show(variant) + ": accepted with a control or line-break character");
    }
    Compiled c = Compiled.of(mailserver, host);
    if (c.equals(baseline)) {
      return Optional.empty(); // the playbook does not use this value at all
    }
    if (value.equals(valid) || baseline.text().replace(valid, "\u0000").contains(value)) {
      return Optional.of(
          show(variant)
              + ": stored as "
              + show(value)
              + ", which cannot be told apart in the plan");
    }
    Compiled back = c.replace(value, valid);
    if (!back.commands.equals(baseline.commands)) {
      return Optional.of(
          show(variant)
              + ": commands differ beyond the value: "
              + diff(back.commands, baseline.commands));
    }
    if (!back.labels.equals(baseline.labels)) {
      return Optional.of(
          show(variant)
              + ": labels differ beyond the value: "
              + diff(back.labels, baseline.labels));
    }
    if (!back.files.keySet().equals(baseline.files.keySet())) {
      return Optional.of(show(variant) + ": other files: " + back.files.keySet());
    }
    for (String path : baseline.files.keySet()) {
      String mine = c.files.get(c.pathFor(path, value, valid));
      String theirs = baseline.files.get(path);
      if (!back.files.get(path).equals(theirs)) {
        return Optional.of(show(variant) + ": " + path + " differs beyond the value");
      }
      List<String> a = mine.lines().toList();
      List<String> b = theirs.lines().toList();
      if (a.size() != b.size()) {
        return Optional.of(
            show(variant) + ": " + path + " has " + a.size() + " lines instead of " + b.size());
      }
      if (MAP_FILES.contains(path)) {
        for (int i = 0; i < a.size(); i++) {
          if (fields(a.get(i)) != fields(b.get(i))) {
            return Optional.of(
                show(variant)
                    + ": "
                    + path
                    + " line "
                    + (i + 1)
                    + " has other fields: "
                    + show(a.get(i)));
          }
        }
      }
    }
    for (String script : c.scripts) {
      if (script.contains(value)) {
        return Optional.of(
            show(variant) + ": the value is pasted into shell code: " + show(script));
      }
    }
    String probe = c.probe;
    // Longest first: a short word (a package name) may also be part of a longer one (a path).
    for (String word :
        c.probeWords.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      probe = probe.replace(ShellQuote.quote(word), "WORD");
    }
    if (probe.contains(value)) {
      return Optional.of(
          show(variant)
              + ": the value is in the fact probe outside a quoted word: "
              + show(
                  probe.substring(
                      Math.max(0, probe.indexOf(value) - 80),
                      probe.indexOf(value) + value.length())));
    }
    if (c.labels.stream().anyMatch(l -> l.codePoints().anyMatch(InjectionTest::breaksALine))) {
      return Optional.of(show(variant) + ": a task label shows a control character");
    }
    return Optional.empty();
  }

  @Test
  void passwordHashesTravelOnlyOnStdin() {
    for (String text : baseline.commands.stream().flatMap(List::stream).toList()) {
      assertThat(text).doesNotContain(HASH).doesNotContain(OTHER_HASH);
    }
    assertThat(String.join("\n", baseline.labels)).doesNotContain(HASH).doesNotContain("$6$");
    assertThat(baseline.files.values()).noneMatch(f -> f.contains(HASH) || f.contains(OTHER_HASH));
    assertThat(baseline.probe).doesNotContain(HASH).doesNotContain(OTHER_HASH);
    assertThat(baseline.stdins)
        .filteredOn(s -> s.contains("$6$"))
        .containsExactlyInAnyOrder("alice:" + HASH + "\n", "zqmailuser:" + OTHER_HASH + "\n");
  }

  // ------------------------------------------------------------------ values in shell code of user
  // playbooks

  static Stream<String> shellValues() {
    List<String> values = new ArrayList<>();
    for (String piece : PIECES) {
      values.add("zq" + piece + "v");
    }
    values.addAll(
        List.of(
            "a && touch pwned",
            "a | touch pwned",
            "a > pwned",
            "(touch pwned)",
            "{ touch pwned; }",
            "* ?",
            "-n",
            "a\\b",
            "x #comment",
            "~root",
            "!",
            "a=b touch pwned"));
    return values.stream();
  }

  /**
   * A user playbook putting {{vars.x}} into an {@code unless} condition and into the script of
   * {@code sh -c}: whatever the loader accepts comes out of a real {@code sh} as exactly the value,
   * with no file made.
   */
  @ParameterizedTest(name = "{index}")
  @MethodSource("shellValues")
  void valuesInShellCodeAreSingleQuotedWords(String value) throws Exception {
    Path work = Files.createTempDirectory(dir, "sh");
    Path inv =
        write(
            work.resolve("inventory.toml"),
            """
        [vars]
        x = %s
        [hosts.mx1]
        address = "203.0.113.10"
        hostname = "mail.example.com"
        """
                .formatted(toml(value)));
    HostConfig host;
    try {
      host = new InventoryLoader().load(inv).hosts().get(0);
    } catch (InventoryException e) {
      return; // refused at load: nothing reaches a shell
    }
    write(
        work.resolve("shell.toml"),
        """
        name = "values in shell code"
        [[tasks]]
        name = "script"
        command = ["sh", "-c", "printf '%s|' {{vars.x}} > out; printf '%s|' {{#mail.virtual_domains}}{{.}}{{/mail.virtual_domains}}", "sh"]
        unless = "printf '%s|' {{vars.x}} > guard"
        [[tasks]]
        name = "combined flags"
        command = ["/bin/sh", "-ec", "printf '%s|' {{vars.x}} > out2"]
        [[tasks]]
        name = "argument"
        command = ["printf", "{{vars.x}}"]
        """);
    Play play =
        PlaybookCompiler.compile(
            PlaybookLoader.load(new PlaybookSource.Directory(work), "shell.toml"), host);
    List<String> argv0 = ((dev.mailpush.tasks.CommandTask) play.tasks().get(0).task()).argv();
    String guard =
        ((dev.mailpush.tasks.CommandTask) play.tasks().get(0).task()).unless().orElseThrow();
    List<String> argv1 = ((dev.mailpush.tasks.CommandTask) play.tasks().get(1).task()).argv();
    List<String> argv2 = ((dev.mailpush.tasks.CommandTask) play.tasks().get(2).task()).argv();
    String stored = host.vars().get("x");
    assertThat(argv2).containsExactly("printf", stored);

    sh(work, argv0.get(2));
    sh(work, guard);
    sh(work, argv1.get(2));
    assertThat(Files.readString(work.resolve("out"))).isEqualTo(stored + "|");
    assertThat(Files.readString(work.resolve("guard"))).isEqualTo(stored + "|");
    assertThat(Files.readString(work.resolve("out2"))).isEqualTo(stored + "|");
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("inventory.toml", "shell.toml", "out", "guard", "out2");
    }
  }

  @Test
  void unescapedTagsAreRefusedInShellCode() throws IOException {
    Path work = Files.createTempDirectory(dir, "raw");
    Path inv =
        write(
            work.resolve("inventory.toml"),
            """
        [hosts.mx1]
        address = "203.0.113.10"
        hostname = "mail.example.com"
        """);
    HostConfig host = new InventoryLoader().load(inv).hosts().get(0);
    for (String task :
        List.of(
            "command = [\"sh\", \"-c\", \"echo {{{host.hostname}}}\"]",
            "command = [\"bash\", \"-c\", \"echo {{&host.hostname}}\"]",
            "command = [\"true\"]\nunless = \"test -e {{{host.hostname}}}\"",
            "command = [\"true\"]\nunless = \"{{=<% %>=}}test -e <%host.hostname%>\"")) {
      write(work.resolve("raw.toml"), "[[tasks]]\nname = \"raw\"\n" + task + "\n");
      Playbook p = PlaybookLoader.load(new PlaybookSource.Directory(work), "raw.toml");
      assertThatThrownBy(() -> PlaybookCompiler.compile(p, host))
          .as(task)
          .isInstanceOf(PlaybookException.class)
          .hasMessageContaining("unquoted");
    }
    // Outside shell code, {{{...}}} stays what Mustache makes it (argv elements and files are never
    // parsed by a shell).
    write(
        work.resolve("raw.toml"),
        "[[tasks]]\nname = \"raw\"\ncommand = [\"echo\", \"{{{host.hostname}}}\"]\n");
    Play play =
        PlaybookCompiler.compile(
            PlaybookLoader.load(new PlaybookSource.Directory(work), "raw.toml"), host);
    assertThat(((dev.mailpush.tasks.CommandTask) play.tasks().get(0).task()).argv())
        .containsExactly("echo", "mail.example.com");
  }

  private static void sh(Path work, String script) throws Exception {
    Process p =
        new ProcessBuilder("sh", "-c", script)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("sh ended").isTrue();
    assertThat(p.exitValue()).as(script + "\n" + out).isZero();
  }

  // ------------------------------------------------------------------ the compiled plan, as text

  /**
   * What a host would see of a plan: command argvs, shell scripts ({@code sh -c} scripts, {@code
   * unless} guards, handler scripts), file contents by path, the fact probe, and the labels shown
   * to the admin.
   */
  record Compiled(
      List<List<String>> commands,
      List<String> scripts,
      Map<String, String> files,
      String probe,
      Set<String> probeWords,
      List<String> labels,
      List<String> stdins) {

    static Compiled of(Playbook playbook, HostConfig host) {
      Play play = PlaybookCompiler.compile(playbook, host);
      FactQuery query = FactQuery.none();
      for (PlayTask t : play.tasks()) {
        query = query.plus(t.task().needs());
      }
      HostFacts facts = nothingYet(query);
      List<List<String>> commands = new ArrayList<>();
      List<String> scripts = new ArrayList<>(query.guards());
      Map<String, String> files = new TreeMap<>();
      List<String> labels = new ArrayList<>();
      List<String> stdins = new ArrayList<>();
      for (PlayTask t : play.tasks()) {
        labels.add(t.task().name());
        Plan plan = t.task().plan(facts, DEBIAN_12);
        if (plan instanceof Plan.NoChange n) {
          labels.add(n.reason());
        } else if (plan instanceof Plan.Skip sk) {
          labels.add(sk.reason());
        } else if (plan instanceof Plan.Report r) {
          labels.add(r.title());
        } else if (plan instanceof Plan.Changes ch) {
          for (Step step : ch.steps()) {
            labels.add(step.describe());
            if (step instanceof Step.RunCommand r) {
              commands.add(r.request().argv());
              stdins.add(new String(r.request().stdin(), StandardCharsets.UTF_8));
            } else if (step instanceof Step.WriteFile w) {
              files.put(w.path(), new String(w.content(), StandardCharsets.UTF_8));
            } else if (step instanceof Step.ValidatedWrite v) {
              v.files()
                  .forEach(
                      w -> files.put(w.path(), new String(w.content(), StandardCharsets.UTF_8)));
              commands.add(v.validator());
            }
          }
        }
      }
      for (Handler h : play.handlers()) {
        commands.add(h.argv());
      }
      for (List<String> argv : commands) {
        String shell = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if (argv.size() > 2
            && Set.of("sh", "bash", "dash").contains(shell)
            && argv.get(1).matches("-[a-z]*c[a-z]*")) {
          scripts.add(argv.get(2));
        }
      }
      Set<String> words = new java.util.HashSet<>();
      words.addAll(query.paths());
      words.addAll(query.users());
      words.addAll(query.contents());
      words.addAll(query.packages());
      words.addAll(query.services());
      return new Compiled(
          commands, scripts, files, ProbeScript.render(query), words, labels, stdins);
    }

    /** The same plan with {@code value} put back to {@code valid} everywhere. */
    Compiled replace(String value, String valid) {
      Map<String, String> f = new TreeMap<>();
      files.forEach((k, v) -> f.put(k.replace(value, valid), v.replace(value, valid)));
      return new Compiled(
          commands.stream()
              .map(a -> a.stream().map(s -> s.replace(value, valid)).toList())
              .toList(),
          scripts.stream().map(s -> s.replace(value, valid)).toList(),
          f,
          probe,
          probeWords,
          labels.stream().map(s -> s.replace(value, valid)).toList(),
          stdins.stream().map(s -> s.replace(value, valid)).toList());
    }

    String pathFor(String baselinePath, String value, String valid) {
      return files.keySet().stream()
          .filter(p -> p.replace(value, valid).equals(baselinePath))
          .findFirst()
          .orElseThrow();
    }

    String text() {
      return String.join("\n", commands.stream().map(a -> String.join(" ", a)).toList())
          + "\n"
          + String.join("\n", files.values())
          + "\n"
          + probe
          + "\n"
          + String.join("\n", labels);
    }
  }

  /**
   * A Debian 12 host with Dovecot 2.3, Postfix 3.7 and SpamAssassin 4 installed but nothing
   * configured.
   */
  private static HostFacts nothingYet(FactQuery q) {
    Map<String, PackageState> packages = new HashMap<>();
    Map<String, String> versions =
        Map.of("dovecot-core", "2.3.19", "postfix", "3.7.11", "spamassassin", "4.0.0");
    q.packages()
        .forEach(
            p ->
                packages.put(
                    p,
                    versions.containsKey(p)
                        ? new PackageState.Installed(versions.get(p))
                        : new PackageState.Absent()));
    Map<String, PathState> paths = new HashMap<>();
    q.paths().forEach(p -> paths.put(p, new PathState.Missing()));
    Map<String, ServiceState> services = new HashMap<>();
    q.services().forEach(s -> services.put(s, new ServiceState("inactive", "disabled")));
    Map<String, UserState> users = new HashMap<>();
    q.users().forEach(u -> users.put(u, new UserState.Absent()));
    Map<String, Boolean> guards = new HashMap<>();
    q.guards().forEach(g -> guards.put(g, false));
    Map<String, Optional<byte[]>> contents = new HashMap<>();
    q.contents().forEach(c -> contents.put(c, Optional.empty()));
    return new HostFacts(
        new OsRelease("debian", "12", List.of(), "Debian 12"),
        packages,
        paths,
        services,
        users,
        guards,
        contents,
        Set.of());
  }

  // ------------------------------------------------------------------ the inventory

  /** An inventory file and the line each value is on. */
  record Written(Path file, Map<String, Integer> lines) {
    int lineOf(String slot) {
      return lines.get(slot);
    }
  }

  private static int counter;

  /** The valid inventory with some values replaced; every value on its own line. */
  static synchronized Written inventory(Map<String, String> overrides) {
    Map<String, String> v = new HashMap<>(BASELINE);
    v.putAll(overrides);
    List<String> lines = new ArrayList<>();
    Map<String, Integer> at = new HashMap<>();
    Line add =
        (slot, format) -> {
          lines.add(format.formatted(toml(v.get(slot))));
          at.put(slot, lines.size());
        };
    lines.add("[ssh]");
    add.put("ssh.user", "user = %s");
    add.put("ssh.jump_host", "jump_host = %s");
    add.put("ssh.identity_file", "identity_file = %s");
    add.put("ssh.known_hosts", "known_hosts = %s");
    lines.add("[mail]");
    add.put("mail.server_label", "server_label = %s");
    lines.add("enable_greylisting = true");
    add.put("mail.virtual_domains[1]", "virtual_domains = [\"example.com\", %s]");
    add.put("mail.dkim_selector", "dkim_selector = %s");
    add.put("mail.greylisting_pass_list[0]", "greylisting_pass_list = [%s]");
    lines.add("[mail.postfix_overrides]");
    add.put("mail.postfix_overrides name", "%s = \"zqoverride-value\"");
    add.put("mail.postfix_overrides value", "relayhost = %s");
    lines.add("[mail.virtual_addresses]");
    lines.add("\"alice@example.com\" = \"alice\"");
    add.put("mail.virtual_addresses address", "%s = \"alice\"");
    add.put("mail.virtual_addresses user", "\"bob@example.com\" = %s");
    lines.add("[mail.users.alice]");
    add.put("mail.users password_hash", "password_hash = %s");
    add.put("mail.users name", "[mail.users.%s]");
    lines.add("password_hash = " + toml(OTHER_HASH));
    lines.add("[tls]");
    lines.add("mode = \"acme\"");
    add.put("tls.acme_directory", "acme_directory = %s");
    add.put("tls.acme_email", "acme_email = %s");
    lines.add("acme_accept_terms = true");
    lines.add("challenge = \"webroot\"");
    add.put("tls.webroot", "webroot = %s");
    lines.add("[vars]");
    add.put("vars value", "x = %s");
    add.put("vars name", "%s = \"1\"");
    add.put("hosts name", "[hosts.%s]");
    add.put("hosts address", "address = %s");
    add.put("hosts hostname", "hostname = %s");
    Path file = dir.resolve("inventory-" + (counter++ % 4) + ".toml");
    write(file, String.join("\n", lines) + "\n");
    return new Written(file, at);
  }

  @FunctionalInterface
  private interface Line {
    void put(String slot, String format);
  }

  /**
   * A TOML basic string (also a quoted key): every control character escaped, everything else as
   * is.
   */
  static String toml(String s) {
    StringBuilder q = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                    q.append(String.format(Locale.ROOT, "\\u%04X", c));
                  } else {
                    q.appendCodePoint(c);
                  }
                }
              }
            });
    return q.append('"').toString();
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean breaksALine(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT;
  }

  private static int fields(String line) {
    String s = line.strip();
    return s.isEmpty() ? 0 : s.split("\\s+").length;
  }

  private static String diff(List<?> a, List<?> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return show(String.valueOf(a.get(i))) + " instead of " + show(String.valueOf(b.get(i)));
      }
    }
    return a.size() + " entries instead of " + b.size();
  }

  /** A value for a message: control characters escaped, long ones cut. */
  static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .limit(120)
        .forEach(
            c -> {
              if (breaksALine(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.append(s.length() > 120 ? "...\" (" + s.length() + " chars)" : "\"").toString();
  }
}
