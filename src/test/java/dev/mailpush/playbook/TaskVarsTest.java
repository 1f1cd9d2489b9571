package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Play;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.OsRelease;
import dev.mailpush.facts.PackageState;
import dev.mailpush.facts.PathState;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.tasks.CommandTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [tasks.vars]}: values chosen by inventory flags at compile time and by installed versions
 * at plan time.
 */
class TaskVarsTest {
  private static final Distro DEBIAN =
      Distro.detect(new OsRelease("debian", "12", List.of(), "Debian 12"));

  @TempDir Path dir;

  private Playbook write(String toml) throws Exception {
    Files.writeString(dir.resolve("p.toml"), toml);
    return PlaybookLoader.load(new PlaybookSource.Directory(dir), "p.toml");
  }

  private Play compile(String toml) throws Exception {
    return PlaybookCompiler.compile(write(toml), PlaybookTest.host(true));
  }

  /**
   * A host with these packages installed at these versions (others absent) and none of the task's
   * files.
   */
  private static HostFacts installed(Task task, Map<String, String> versions) {
    Map<String, PackageState> packages = new HashMap<>();
    task.needs()
        .packages()
        .forEach(
            p ->
                packages.put(
                    p,
                    versions.containsKey(p)
                        ? new PackageState.Installed(versions.get(p))
                        : new PackageState.Absent()));
    Map<String, PathState> paths =
        task.needs().paths().stream()
            .collect(Collectors.toMap(p -> p, p -> new PathState.Missing()));
    return new HostFacts(
        new OsRelease("debian", "12", List.of(), "Debian 12"),
        packages,
        paths,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Set.of());
  }

  /** The files the plan writes, path to content. */
  private static Map<String, String> written(Plan plan) {
    Map<String, String> out = new HashMap<>();
    for (Step s : ((Plan.Changes) plan).steps()) {
      List<Step.WriteFile> files =
          s.match(
              r -> List.<Step.WriteFile>of(),
              List::of,
              Step.ValidatedWrite::files,
              c -> List.<Step.WriteFile>of());
      files.forEach(w -> out.put(w.path(), new String(w.content(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static final String POSTFIX_LEVEL =
      """
      [[tasks]]
      name = "main.cf"
      file = "/etc/postfix/main.cf"
      content = "compatibility_level = {{compatibility_level}}\\n"
      [tasks.vars]
      compatibility_level = { when_version = "postfix >= 3.6", value = "3.6", else = "2" }
      """;

  @Test
  void aVersionDependentValueIsDecidedAtPlanTimeFromTheInstalledVersion() throws Exception {
    Task t = compile(POSTFIX_LEVEL).tasks().get(0).task();
    assertThat(t.name()).isEqualTo("main.cf");
    assertThat(t.needs().packages()).contains("postfix");
    assertThat(written(t.plan(installed(t, Map.of("postfix", "3.7.11-0+deb12u1")), DEBIAN)))
        .containsEntry("/etc/postfix/main.cf", "compatibility_level = 3.6\n");
    assertThat(written(t.plan(installed(t, Map.of("postfix", "3.5.25-0+deb11u1")), DEBIAN)))
        .containsEntry("/etc/postfix/main.cf", "compatibility_level = 2\n");
    assertThat(written(t.plan(installed(t, Map.of("postfix", "3.10.5-1")), DEBIAN)))
        .containsEntry("/etc/postfix/main.cf", "compatibility_level = 3.6\n");
  }

  @Test
  void whileThePackageIsNotInstalledTheTaskIsSkippedAsWithWhenVersion() throws Exception {
    Task t = compile(POSTFIX_LEVEL).tasks().get(0).task();
    assertThat(t.plan(installed(t, Map.of()), DEBIAN))
        .isEqualTo(new Plan.Skip("postfix is not installed yet"));
  }

  @Test
  void aFurtherCaseGoesIntoElseAndConditionsAreReadOnlyAsFarAsNeeded() throws Exception {
    Task t =
        compile(
                """
        [[tasks]]
        name = "conf"
        file = "/etc/x.conf"
        content = "syntax {{syntax}}"
        [tasks.vars]
        syntax = { when_version = "dovecot-core >= 2.4", value = "2.4", else = { when_version = "pigeonhole >= 1", value = "2.3 with sieve", else = "2.3" } }
        """)
            .tasks()
            .get(0)
            .task();
    assertThat(written(t.plan(installed(t, Map.of("dovecot-core", "1:2.4.1+dfsg1-6")), DEBIAN)))
        .containsValue("syntax 2.4"); // pigeonhole is not installed, but it is not read either
    assertThat(
            written(
                t.plan(
                    installed(t, Map.of("dovecot-core", "2.3.19", "pigeonhole", "1.0")), DEBIAN)))
        .containsValue("syntax 2.3 with sieve");
    assertThat(
            written(
                t.plan(
                    installed(t, Map.of("dovecot-core", "2.3.19", "pigeonhole", "0.5")), DEBIAN)))
        .containsValue("syntax 2.3");
    assertThat(t.plan(installed(t, Map.of("dovecot-core", "2.3.19")), DEBIAN))
        .isEqualTo(new Plan.Skip("pigeonhole is not installed yet"));
  }

  @Test
  void theTemplateItselfMayBeChosenByVersionAndEveryVariantIsRenderedAtCompileTime()
      throws Exception {
    Files.writeString(dir.resolve("conf-2.3.mustache"), "old syntax for {{host.hostname}}\n");
    Files.writeString(dir.resolve("conf-2.4.mustache"), "new syntax for {{host.hostname}}\n");
    String toml =
        """
        [[tasks]]
        name = "Dovecot configuration"
        validate = ["doveconf", "-n"]
        [tasks.vars]
        syntax = { when_version = "dovecot-core >= 2.4", value = "2.4", else = "2.3" }
        [[tasks.files]]
        path = "/etc/dovecot/dovecot.conf"
        template = "conf-{{syntax}}.mustache"
        """;
    Task t = compile(toml).tasks().get(0).task();
    assertThat(written(t.plan(installed(t, Map.of("dovecot-core", "2.4.1")), DEBIAN)))
        .containsEntry("/etc/dovecot/dovecot.conf", "new syntax for mail.example.com\n");
    assertThat(written(t.plan(installed(t, Map.of("dovecot-core", "2.3.13")), DEBIAN)))
        .containsEntry("/etc/dovecot/dovecot.conf", "old syntax for mail.example.com\n");
    // A template of a variant no host of this inventory may ever use is still checked before any
    // host is contacted.
    Files.delete(dir.resolve("conf-2.3.mustache"));
    assertThatThrownBy(() -> compile(toml))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("conf-2.3.mustache not found");
  }

  @Test
  void variablesSharingAConditionMakeTwoVariantsNotFour() throws Exception {
    Task t =
        compile(
                """
        [[tasks]]
        name = "spamd"
        file = "/etc/default/{{unit}}"
        content = "{{options}}"
        [tasks.vars]
        unit = { when_version = "spamassassin >= 4.0", value = "spamd", else = "spamassassin" }
        options = { when_version = "spamassassin >= 4.0", value = "new", else = "old" }
        """)
            .tasks()
            .get(0)
            .task();
    assertThat(((VersionedTask) t).variants()).hasSize(2);
    assertThat(t.needs().paths()).contains("/etc/default/spamd", "/etc/default/spamassassin");
    assertThat(written(t.plan(installed(t, Map.of("spamassassin", "3.4.6")), DEBIAN)))
        .containsExactly(Map.entry("/etc/default/spamassassin", "old"));
  }

  @Test
  void aFlagChoiceIsDecidedAtCompileTimeAndStringsAreRendered() throws Exception {
    String toml =
        """
        [[tasks]]
        name = "milters for {{host.hostname}}"
        command = ["echo", "{{milters}}"]
        [tasks.vars]
        milters = { when = "mail.enable_antispam", value = "dkim,spam@{{host.hostname}}", else = "dkim" }
        plain = 7
        """;
    Task with =
        PlaybookCompiler.compile(write(toml), PlaybookTest.host(true)).tasks().get(0).task();
    Task without =
        PlaybookCompiler.compile(write(toml), PlaybookTest.host(false)).tasks().get(0).task();
    assertThat(((CommandTask) with).argv()).containsExactly("echo", "dkim,spam@mail.example.com");
    assertThat(((CommandTask) without).argv()).containsExactly("echo", "dkim");
  }

  @Test
  void whenAndWhenVersionInOneChoiceMustBothHold() throws Exception {
    String toml =
        """
        [[tasks]]
        name = "x"
        file = "/etc/x"
        content = "{{level}}"
        [tasks.vars]
        level = { when = "mail.enable_antispam", when_version = "postfix >= 3.6", value = "new", else = "old" }
        """;
    Task on = PlaybookCompiler.compile(write(toml), PlaybookTest.host(true)).tasks().get(0).task();
    assertThat(written(on.plan(installed(on, Map.of("postfix", "3.7")), DEBIAN)))
        .containsValue("new");
    assertThat(written(on.plan(installed(on, Map.of("postfix", "3.5")), DEBIAN)))
        .containsValue("old");
    // Flag off: decided already, nothing depends on a version any more.
    Task off =
        PlaybookCompiler.compile(write(toml), PlaybookTest.host(false)).tasks().get(0).task();
    assertThat(off).isNotInstanceOf(VersionedTask.class);
    assertThat(written(off.plan(installed(off, Map.of()), DEBIAN))).containsValue("old");
  }

  @Test
  void aVersionDependentVariableInTheNameIsRefusedAtCompileTime() throws Exception {
    Playbook p =
        write(
            """
        [[tasks]]
        name = "Postfix configuration (compatibility level {{level}})"
        file = "/etc/x"
        content = "{{level}}"
        [tasks.vars]
        level = { when_version = "postfix >= 3.6", value = "3.6", else = "2" }
        """);
    assertThatThrownBy(() -> PlaybookCompiler.compile(p, PlaybookTest.host(true)))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("p.toml:2")
        .hasMessageContaining(
            "\"Postfix configuration (compatibility level 3.6)\" or"
                + " \"Postfix configuration (compatibility level 2)\"");
  }

  @Test
  void inShellCodeAVariableIsOneQuotedWordLikeAnyOtherValue() throws Exception {
    HostConfig base = PlaybookTest.host(true);
    HostConfig h =
        new HostConfig(
            base.name(),
            base.address(),
            base.hostname(),
            base.ssh(),
            base.mail(),
            base.tls(),
            Map.of("n", "a; touch pwned"));
    CommandTask t =
        (CommandTask)
            PlaybookCompiler.compile(
                    write(
                        """
        [[tasks]]
        name = "x"
        command = ["sh", "-c", "echo {{v}}"]
        unless = "test -e {{v}}"
        [tasks.vars]
        v = "{{vars.n}}"
        """),
                    h)
                .tasks()
                .get(0)
                .task();
    assertThat(t.argv().get(2)).isEqualTo("echo 'a; touch pwned'");
    assertThat(t.unless()).contains("test -e 'a; touch pwned'");
  }

  @Test
  void loopItemsAndVariablesCombine() throws Exception {
    Play play =
        compile(
            """
        [[tasks]]
        name = "key dir {{item}}"
        directory = "/etc/keys/{{item}}/{{sub}}"
        loop_over = "mail.virtual_domains"
        [tasks.vars]
        sub = "{{item}}-keys"
        """);
    assertThat(play.tasks())
        .extracting(t -> ((dev.mailpush.tasks.DirectoryTask) t.task()).path())
        .containsExactly(
            "/etc/keys/example.com/example.com-keys", "/etc/keys/example.org/example.org-keys");
  }

  @Test
  void moreThanFourVersionConditionsAreRefused() throws Exception {
    StringBuilder vars = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      vars.append("v")
          .append(i)
          .append(" = { when_version = \"p")
          .append(i)
          .append(" >= 1\", value = \"a\"," + " else = \"b\" }\n");
    }
    Playbook p =
        write("[[tasks]]\nname = \"x\"\nfile = \"/x\"\ncontent = \"\"\n[tasks.vars]\n" + vars);
    assertThatThrownBy(() -> PlaybookCompiler.compile(p, PlaybookTest.host(true)))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("5 version conditions")
        .hasMessageContaining("at most 4");
  }

  // ------------------------------------------------------------------ include with when

  @Test
  void anIncludeWithWhenAppliesItsConditionToEveryTaskItBringsIn() throws Exception {
    Files.writeString(
        dir.resolve("spam.toml"),
        """
        include = ["spam-extra.toml"]
        [[tasks]]
        name = "spam conf"
        directory = "/etc/spam"
        notify = ["restart spamd"]
        [[tasks]]
        name = "spam only without greylisting"
        directory = "/etc/spam-nogrey"
        when = "!mail.enable_greylisting"
        [[handlers]]
        name = "restart spamd"
        service = "spamd"
        """);
    Files.writeString(
        dir.resolve("spam-extra.toml"),
        """
        [[tasks]]
        name = "spam extra"
        directory = "/etc/spam-extra"
        """);
    String toml =
        """
        include = ["base.toml", { file = "spam.toml", when = "mail.enable_antispam" }]
        [[tasks]]
        name = "own"
        directory = "/own"
        """;
    Files.writeString(
        dir.resolve("base.toml"), "[[tasks]]\nname = \"base\"\ndirectory = \"/base\"\n");
    Play on = PlaybookCompiler.compile(write(toml), PlaybookTest.host(true));
    assertThat(on.tasks())
        .extracting(t -> t.task().name())
        .containsExactly("base", "spam extra", "spam conf", "spam only without greylisting", "own");
    Play off = PlaybookCompiler.compile(write(toml), PlaybookTest.host(false));
    assertThat(off.tasks()).extracting(t -> t.task().name()).containsExactly("base", "own");
    assertThat(off.handlers()).extracting(h -> h.name()).containsExactly("restart spamd");
  }

  @Test
  void anIncludeConditionNamingNoInventoryValueIsReportedAtTheInclude() throws Exception {
    Files.writeString(dir.resolve("a.toml"), "[[tasks]]\nname = \"a\"\ndirectory = \"/a\"\n");
    Playbook p =
        write(
            """
        name = "x"
        include = [
          { file = "a.toml", when = "mail.enable_antispan" },
        ]
        """);
    assertThatThrownBy(() -> PlaybookCompiler.compile(p, PlaybookTest.host(true)))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("p.toml:3")
        .hasMessageContaining("mail.enable_antispan");
  }

  @Test
  void theBuiltInPlaybookHasOneTaskPerConfigurationNotOnePerVersion() {
    Play play =
        PlaybookCompiler.compile(
            PlaybookLoader.load(new PlaybookSource.Bundled(), "mailserver.toml"),
            PlaybookTest.host(true));
    assertThat(play.tasks())
        .extracting(t -> t.task().name())
        .doesNotHaveDuplicates()
        .noneMatch(
            n ->
                n.startsWith("Postfix configuration (") || n.startsWith("Dovecot configuration ("));
    assertThat(play.tasks())
        .filteredOn(t -> t.task().name().matches("(Postfix|Dovecot) configuration|spamd options"))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t.task()).isInstanceOf(VersionedTask.class));
  }
}
