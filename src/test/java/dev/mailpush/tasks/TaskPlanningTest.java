package dev.mailpush.tasks;

import static dev.mailpush.tasks.Fixtures.DEBIAN;
import static dev.mailpush.tasks.Fixtures.ROCKY;
import static dev.mailpush.tasks.Fixtures.commands;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.MailpushException;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.facts.PathState;
import dev.mailpush.facts.UserState;
import dev.mailpush.ssh.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Given these facts, expect exactly these commands (and an empty plan always says why). */
class TaskPlanningTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
  private static final String HELLO_SHA =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  @Test
  void packagesInstallOnlyWhatIsMissingAfterRefreshingTheIndex() {
    PackagesTask t = new PackagesTask("pk", List.of("postfix", "cron"));
    Plan plan = t.plan(new Fixtures().installed("cron").absent("postfix").facts(), DEBIAN);
    List<String> commands = commands(plan);
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).contains("apt-get update");
    assertThat(commands.get(1))
        .endsWith(
            " sh env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300"
                + " -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postfix");
    // Both run under the hold on new daemons' starts (Distro.HOLD_SERVICE_STARTS).
    assertThat(commands)
        .allSatisfy(c -> assertThat(c).startsWith("sh -c ").contains("policy-rc.d"));
  }

  @Test
  void packagesAllPresentIsANoOpWithAReason() {
    Plan plan =
        new PackagesTask("pk", List.of("cron"))
            .plan(new Fixtures().installed("cron").facts(), DEBIAN);
    assertThat(plan).isEqualTo(new Plan.NoChange("all 1 packages installed"));
  }

  @Test
  void packagesUseRhelNamesOnTheRhelFamily() {
    PackagesTask t = new PackagesTask("pk", List.of("dovecot-imapd", "dovecot-lmtpd"));
    assertThat(t.needs().packages()).contains("dovecot-imapd", "dovecot");
    Plan plan = t.plan(new Fixtures().absent("dovecot").facts(), ROCKY);
    assertThat(commands(plan)).containsExactly("dnf install -y -q dovecot dovecot");
  }

  @Test
  void fileWithSameContentAndMetadataIsUnchanged() {
    FileTask t = new FileTask("f", new FileSpec("/etc/x", HELLO, "0644", null, null, false));
    Plan plan =
        t.plan(
            new Fixtures()
                .path("/etc/x", new PathState.RegularFile(HELLO_SHA, "0644", "root", "root", 6))
                .facts(),
            DEBIAN);
    assertThat(plan).isInstanceOf(Plan.NoChange.class);
  }

  @Test
  void fileWithOtherContentIsRewrittenKeepingThePreviousVersion() {
    FileTask t =
        new FileTask("f", new FileSpec("/etc/x", HELLO, "0640", "postfix", "postfix", false));
    Plan plan =
        t.plan(
            new Fixtures()
                .path("/etc/x", new PathState.RegularFile("other", "0644", "root", "root", 3))
                .facts(),
            DEBIAN);
    assertThat(commands(plan)).containsExactly("write /etc/x 0640 postfix");
    assertThat(((Step.WriteFile) ((Plan.Changes) plan).steps().get(0)).keepPrevious()).isTrue();
    assertThat(((Plan.Changes) plan).files())
        .extracting(Plan.ManagedFile::path)
        .containsExactly("/etc/x");
  }

  @Test
  void fileWithOnlyWrongModeGetsChmodNotARewrite() {
    FileTask t = new FileTask("f", new FileSpec("/etc/x", HELLO, "0600", null, null, false));
    Plan plan =
        t.plan(
            new Fixtures()
                .path("/etc/x", new PathState.RegularFile(HELLO_SHA, "0644", "root", "root", 6))
                .facts(),
            DEBIAN);
    assertThat(commands(plan)).containsExactly("chmod 0600 -- /etc/x", "chown root: -- /etc/x");
  }

  @Test
  void aDirectoryWhereAFileShouldBeIsRefusedWithAFix() {
    FileTask t = new FileTask("f", new FileSpec("/etc/x", HELLO, "0644", null, null, false));
    assertThatThrownBy(
            () ->
                t.plan(
                    new Fixtures()
                        .path("/etc/x", new PathState.Directory("0755", "root", "root"))
                        .facts(),
                    DEBIAN))
        .isInstanceOf(MailpushException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void configFilesAreWrittenTogetherUnderTheirValidator() {
    ConfigTask t =
        new ConfigTask(
            "postfix",
            List.of(
                new FileSpec("/etc/postfix/main.cf", HELLO, "0644", null, null, false),
                new FileSpec("/etc/postfix/master.cf", HELLO, "0644", null, null, false)),
            List.of("postfix", "check"));
    Plan plan =
        t.plan(
            new Fixtures()
                .path(
                    "/etc/postfix/main.cf",
                    new PathState.RegularFile("old", "0644", "root", "root", 1))
                .path(
                    "/etc/postfix/master.cf",
                    new PathState.RegularFile(HELLO_SHA, "0644", "root", "root", 6))
                .facts(),
            DEBIAN);
    assertThat(commands(plan))
        .containsExactly("validated [/etc/postfix/main.cf] with postfix check");
  }

  @Test
  void directoryIsCreatedWithModeAndOwnerInOneCommand() {
    DirectoryTask t = new DirectoryTask("d", "/srv/mail", "0750", "vmail", null);
    assertThat(
            commands(
                t.plan(new Fixtures().path("/srv/mail", new PathState.Missing()).facts(), DEBIAN)))
        .containsExactly("install -d -m 0750 -o vmail -g vmail -- /srv/mail");
    assertThat(
            t.plan(
                new Fixtures()
                    .path("/srv/mail", new PathState.Directory("0750", "vmail", "vmail"))
                    .facts(),
                DEBIAN))
        .isInstanceOf(Plan.NoChange.class);
  }

  @Test
  void serviceIsEnabledAndStartedOnlyWhenNeeded() {
    ServiceTask t = new ServiceTask("s", "postfix", true, true);
    assertThat(
            commands(
                t.plan(new Fixtures().service("postfix", "inactive", "disabled").facts(), DEBIAN)))
        .containsExactly("systemctl enable --quiet postfix", "systemctl start postfix");
    assertThat(t.plan(new Fixtures().service("postfix", "active", "enabled").facts(), DEBIAN))
        .isInstanceOf(Plan.NoChange.class);
  }

  @Test
  void userPasswordHashGoesOnStdinNeverOnTheCommandLine() {
    String hash = "$6$salt$abcdefghijklmnopqrstuvwxyz";
    UserTask t = new UserTask("u", "alice", "/bin/bash", false, Optional.of(new Secret(hash)));
    Plan plan = t.plan(new Fixtures().user("alice", new UserState.Absent()).facts(), DEBIAN);
    assertThat(commands(plan))
        .containsExactly("useradd --create-home --shell /bin/bash -- alice", "chpasswd -e");
    Step.RunCommand chpasswd = (Step.RunCommand) ((Plan.Changes) plan).steps().get(1);
    assertThat(new String(chpasswd.request().stdin(), StandardCharsets.UTF_8))
        .isEqualTo("alice:" + hash + "\n");
    assertThat(chpasswd.describe()).doesNotContain(hash);
  }

  @Test
  void userWithTheSameHashIsUnchanged() {
    String hash = "$6$salt$abc";
    UserTask t = new UserTask("u", "alice", "/bin/bash", false, Optional.of(new Secret(hash)));
    String sha = FileSpec.sha256(hash.getBytes(StandardCharsets.UTF_8));
    assertThat(
            t.plan(
                new Fixtures()
                    .user("alice", new UserState.Present(1000, "/home/alice", "/bin/bash", sha))
                    .facts(),
                DEBIAN))
        .isInstanceOf(Plan.NoChange.class);
    assertThat(
            commands(
                t.plan(
                    new Fixtures()
                        .user("alice", new UserState.Present(1000, "/home/alice", "/bin/bash", "x"))
                        .facts(),
                    DEBIAN)))
        .containsExactly("chpasswd -e");
  }

  @Test
  void mailUsersNeverGiveASystemAccountAPassword() {
    String hash = "$6$salt$abc";
    UserTask mail =
        new UserTask(
            "mail user postfix",
            "postfix",
            "/usr/sbin/nologin",
            true,
            Optional.of(new Secret(hash)),
            true);
    Fixtures system =
        new Fixtures()
            .user(
                "postfix",
                new UserState.Present(107, "/var/spool/postfix", "/usr/sbin/nologin", "x"));
    assertThatThrownBy(() -> mail.plan(system.facts(), DEBIAN))
        .isInstanceOf(MailpushException.class)
        .hasMessageContaining("\"postfix\" is a system account on this host (uid 107)")
        .satisfies(e -> assertThat(((MailpushException) e).hint()).contains("[mail.users]"));
    // A regular account, or a playbook's own user task, is managed as before.
    assertThat(
            commands(
                mail.plan(
                    new Fixtures()
                        .user(
                            "postfix",
                            new UserState.Present(1001, "/home/postfix", "/usr/sbin/nologin", "x"))
                        .facts(),
                    DEBIAN)))
        .containsExactly("chpasswd -e");
    UserTask own =
        new UserTask("u", "postfix", "/usr/sbin/nologin", true, Optional.of(new Secret(hash)));
    assertThat(commands(own.plan(system.facts(), DEBIAN))).containsExactly("chpasswd -e");
  }

  @Test
  void commandGuardsSkipTheCommand() {
    CommandTask creates =
        new CommandTask("c", List.of("make-key"), Optional.of("/etc/key"), Optional.empty());
    assertThat(
            creates.plan(
                new Fixtures()
                    .path("/etc/key", new PathState.RegularFile("x", "0600", "root", "root", 1))
                    .facts(),
                DEBIAN))
        .isEqualTo(new Plan.NoChange("/etc/key exists"));
    assertThat(
            commands(
                creates.plan(
                    new Fixtures().path("/etc/key", new PathState.Missing()).facts(), DEBIAN)))
        .containsExactly("make-key");

    CommandTask unless =
        new CommandTask(
            "c", List.of("newaliases"), Optional.empty(), Optional.of("test -f /etc/aliases.db"));
    assertThat(unless.plan(new Fixtures().guard("test -f /etc/aliases.db", true).facts(), DEBIAN))
        .isInstanceOf(Plan.NoChange.class);
  }

  @Test
  void versionConditionsChooseByTheInstalledUpstreamVersion() {
    FileTask config = new FileTask("f", new FileSpec("/etc/x", HELLO, "0644", null, null, false));
    ConditionalTask for24 =
        new ConditionalTask(config, VersionCondition.parse("dovecot-core >= 2.4"));
    ConditionalTask before24 =
        new ConditionalTask(config, VersionCondition.parse("dovecot-core < 2.4"));
    Fixtures trixie = new Fixtures().path("/etc/x", new PathState.Missing());
    trixie.packages.put(
        "dovecot-core", new dev.mailpush.facts.PackageState.Installed("1:2.4.1+dfsg1-6"));
    Fixtures bookworm = new Fixtures().path("/etc/x", new PathState.Missing());
    bookworm.packages.put(
        "dovecot-core",
        new dev.mailpush.facts.PackageState.Installed("1:2.3.19.1+dfsg1-2.1+deb12u6"));

    assertThat(for24.plan(trixie.facts(), DEBIAN)).isInstanceOf(Plan.Changes.class);
    assertThat(before24.plan(trixie.facts(), DEBIAN))
        .isEqualTo(new Plan.Skip("needs dovecot-core < 2.4"));
    assertThat(for24.plan(bookworm.facts(), DEBIAN)).isInstanceOf(Plan.Skip.class);
    assertThat(before24.plan(bookworm.facts(), DEBIAN)).isInstanceOf(Plan.Changes.class);
    assertThat(
            for24.plan(
                new Fixtures()
                    .absent("dovecot-core")
                    .path("/etc/x", new PathState.Missing())
                    .facts(),
                DEBIAN))
        .isEqualTo(new Plan.Skip("dovecot-core is not installed yet"));
  }

  @Test
  void reportShowsTheFileOrSkipsWhileItDoesNotExist() {
    ReportTask t = new ReportTask("dkim", "/etc/opendkim/keys/a.test/mail.txt");
    Fixtures present = new Fixtures();
    present.contents.put(
        t.path(),
        Optional.of("mail._domainkey IN TXT \"v=DKIM1\"\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(t.plan(present.facts(), DEBIAN))
        .isEqualTo(
            new Plan.Report(
                "shown from /etc/opendkim/keys/a.test/mail.txt",
                "mail._domainkey IN TXT \"v=DKIM1\""));
    Fixtures absent = new Fixtures();
    absent.contents.put(t.path(), Optional.empty());
    assertThat(t.plan(absent.facts(), DEBIAN)).isInstanceOf(Plan.Skip.class);
  }
}
