package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.MailConfig;
import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.tasks.ConfigTask;
import dev.mailpush.tasks.FileTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookTest {
  @TempDir Path dir;

  static HostConfig host(boolean antispam) {
    SshConfig ssh =
        new SshConfig(
            "root",
            22,
            Optional.empty(),
            Path.of("/tmp/kh"),
            SshConfig.HostKeyPolicy.STRICT,
            SshConfig.Become.NONE,
            Optional.empty(),
            Duration.ofSeconds(10));
    MailConfig mail =
        MailConfig.builder()
            .with(
                b -> {
                  b.serverLabel = "Test server";
                  b.enableAntispam = antispam;
                  b.virtualDomains = List.of("example.com", "example.org");
                  b.virtualAddresses = Map.of("a@example.com", List.of("alice"));
                  b.postfixOverrides = Map.of("relayhost", "[relay.example.net]:587");
                })
            .build();
    TlsConfig tls =
        new TlsConfig(
            TlsConfig.Mode.SELF_SIGNED,
            "letsencrypt",
            Optional.empty(),
            false,
            TlsConfig.Challenge.STANDALONE,
            "/var/www/html",
            30,
            Optional.empty());
    return new HostConfig("mx1", "192.0.2.1", "mail.example.com", ssh, mail, tls, Map.of("n", "7"));
  }

  private Playbook write(String toml) throws Exception {
    Files.writeString(dir.resolve("p.toml"), toml);
    return PlaybookLoader.load(new PlaybookSource.Directory(dir), "p.toml");
  }

  private static String content(PlayTask t) {
    FileTask f = (FileTask) t.task();
    return new String(f.file().content(), StandardCharsets.UTF_8);
  }

  @Test
  void rendersTemplatesAndStringsWithTheHostsInventoryValues() throws Exception {
    Files.writeString(
        dir.resolve("t.mustache"),
        "{{host.hostname}} {{#mail.virtual_domains}}[{{.}}]{{/mail.virtual_domains}}\n");
    Play play =
        PlaybookCompiler.compile(
            write(
                """
        [[tasks]]
        name = "f"
        file = "/etc/{{host.name}}.conf"
        template = "t.mustache"
        """),
            host(true));
    assertThat(((FileTask) play.tasks().get(0).task()).file().path()).isEqualTo("/etc/mx1.conf");
    assertThat(content(play.tasks().get(0)))
        .isEqualTo("mail.example.com [example.com][example.org]\n");
  }

  @Test
  void theSpamThresholdIsWrittenAsSpamAssassinWritesScores() throws Exception {
    HostConfig base = host(true);
    for (double threshold : new double[] {5, 6.5, 12.25}) {
      MailConfig mail = base.mail().toBuilder().with(b -> b.spamThreshold = threshold).build();
      HostConfig h =
          new HostConfig(
              base.name(),
              base.address(),
              base.hostname(),
              base.ssh(),
              mail,
              base.tls(),
              base.vars());
      Play play =
          PlaybookCompiler.compile(
              write(
                  """
          [[tasks]]
          name = "f"
          file = "/etc/x"
          content = "required_score {{mail.spam_threshold}}"
          """),
              h);
      assertThat(content(play.tasks().get(0)))
          .isEqualTo(
              "required_score " + (threshold == 5 ? "5.0" : threshold == 6.5 ? "6.5" : "12.3"));
    }
  }

  @Test
  void loopsExpandWithItemAndWhenSkipsTasks() throws Exception {
    Playbook p =
        write(
            """
        [[tasks]]
        name = "file {{item}}"
        file = "/srv/f{{item}}"
        content = "n={{vars.n}} i={{item}}"
        loop_count = 3

        [[tasks]]
        name = "only with antispam"
        directory = "/etc/spam"
        when = "mail.enable_antispam"

        [[tasks]]
        name = "only without antispam"
        directory = "/etc/nospam"
        when = "!mail.enable_antispam"
        """);
    Play with = PlaybookCompiler.compile(p, host(true));
    assertThat(with.tasks())
        .extracting(t -> t.task().name())
        .containsExactly("file 1", "file 2", "file 3", "only with antispam");
    assertThat(content(with.tasks().get(2))).isEqualTo("n=7 i=3");
    assertThat(PlaybookCompiler.compile(p, host(false)).tasks())
        .extracting(t -> t.task().name())
        .endsWith("only without antispam");
  }

  @Test
  void filesWithAValidatorBecomeOneConfigTask() throws Exception {
    Play play =
        PlaybookCompiler.compile(
            write(
                """
        [[tasks]]
        name = "postfix"
        validate = ["postfix", "check"]
        notify = ["reload postfix"]
        [[tasks.files]]
        path = "/etc/postfix/main.cf"
        content = "myhostname = {{host.hostname}}"
        [[tasks.files]]
        path = "/etc/postfix/master.cf"
        content = "x"

        [[handlers]]
        name = "reload postfix"
        service = "postfix"
        action = "reload"
        """),
            host(true));
    ConfigTask t = (ConfigTask) play.tasks().get(0).task();
    assertThat(t.files()).hasSize(2);
    assertThat(t.validator()).containsExactly("postfix", "check");
    assertThat(play.handlers().get(0).argv()).containsExactly("systemctl", "reload", "postfix");
  }

  @Test
  void unknownKeyIsReportedWithLineAndAllowedKeys() {
    assertThatThrownBy(
            () ->
                write(
                    """
        [[tasks]]
        name = "x"
        directory = "/x"
        moed = "0755"
        """))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("p.toml:4:1")
        .hasMessageContaining("unknown key \"moed\"");
  }

  @Test
  void taskWithTwoActionsOrNoneIsRejected() {
    assertThatThrownBy(
            () ->
                write(
                    """
        [[tasks]]
        name = "x"
        directory = "/x"
        service = "cron"
        """))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("exactly one action key");
  }

  @Test
  void notifyingAnUndefinedHandlerIsRejected() {
    assertThatThrownBy(
            () ->
                write(
                    """
        [[tasks]]
        name = "x"
        directory = "/x"
        notify = ["restart nothing"]
        """))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("no [[handlers]] entry");
  }

  @Test
  void aTemplateNamingAValueTheInventoryLacksIsAnErrorNotAnEmptyString() throws Exception {
    Playbook p =
        write(
            """
        [[tasks]]
        name = "x"
        file = "/x"
        content = "{{vars.missing}}"
        """);
    assertThatThrownBy(() -> PlaybookCompiler.compile(p, host(true)))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("vars.missing");
  }

  @Test
  void builtInPlaybooksLoadAndCompile() {
    for (String name : List.of("mailserver.toml", "example.toml")) {
      Playbook p = PlaybookLoader.load(new PlaybookSource.Bundled(), name);
      assertThat(PlaybookCompiler.compile(p, host(true)).tasks()).isNotEmpty();
    }
  }

  @Test
  void includesComeFirstAndMayNotifyHandlersOfOtherParts() throws Exception {
    Files.writeString(
        dir.resolve("a.toml"),
        """
        [[tasks]]
        name = "from a"
        directory = "/a"
        notify = ["restart b"]
        """);
    Files.writeString(
        dir.resolve("b.toml"),
        """
        [[handlers]]
        name = "restart b"
        service = "b"
        """);
    Play play =
        PlaybookCompiler.compile(
            write(
                """
        include = ["a.toml", "b.toml"]
        [[tasks]]
        name = "own"
        directory = "/own"
        """),
            host(true));
    assertThat(play.tasks()).extracting(t -> t.task().name()).containsExactly("from a", "own");
    assertThat(play.handlers()).extracting(h -> h.name()).containsExactly("restart b");
  }

  @Test
  void loopOverAnInventoryListGivesOneTaskPerElement() throws Exception {
    Play play =
        PlaybookCompiler.compile(
            write(
                """
        [[tasks]]
        name = "key for {{item}}"
        directory = "/etc/keys/{{item}}"
        loop_over = "mail.virtual_domains"

        [[tasks]]
        name = "{{item.address}} to {{item.user}}"
        directory = "/x"
        loop_over = "mail.virtual_addresses"
        """),
            host(true));
    assertThat(play.tasks())
        .extracting(t -> t.task().name())
        .containsExactly("key for example.com", "key for example.org", "a@example.com to alice");
  }

  @Test
  void mailUsersComeFromTheInventoryWithTheirHashesOutsideTheTemplateModel() throws Exception {
    HostConfig base = host(true);
    MailConfig withUsers =
        base.mail().toBuilder()
            .with(b -> b.users = Map.of("alice", new MailConfig.MailUser("alice", "$6$s$hash")))
            .build();
    HostConfig h =
        new HostConfig(
            base.name(),
            base.address(),
            base.hostname(),
            base.ssh(),
            withUsers,
            base.tls(),
            base.vars());
    Play play =
        PlaybookCompiler.compile(
            write(
                """
        [[tasks]]
        name = "users"
        mail_users = true
        """),
            h);
    assertThat(play.tasks())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.task()).isInstanceOf(dev.mailpush.tasks.UserTask.class);
              assertThat(
                      ((dev.mailpush.tasks.UserTask) t.task())
                          .passwordHash()
                          .orElseThrow()
                          .reveal())
                  .isEqualTo("$6$s$hash");
            });
    assertThat(h.model().toString()).doesNotContain("$6$s$hash");
  }

  @Test
  void aMalformedVersionConditionIsRejectedWithItsLine() {
    assertThatThrownBy(
            () ->
                write(
                    """
        [[tasks]]
        name = "x"
        directory = "/x"
        when_version = "dovecot newer than 2.4"
        """))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("p.toml:4")
        .hasMessageContaining("dovecot-core >= 2.4");
  }
}
