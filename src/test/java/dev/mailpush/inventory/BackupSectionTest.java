package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [backup]}: the password and backend files are the admin's secrets, checked on load. */
class BackupSectionTest {
  @TempDir Path dir;

  private Path secret(String name, String content) {
    return Fixture.secret(dir, name, content);
  }

  private static String backup(String lines) {
    return "[backup]\n" + lines + "\n" + HOST;
  }

  @Test
  void readsThePasswordAndTheBackendVariablesButNeverShowsThem() throws IOException {
    secret("pw", "s3cret-password\nsecond line ignored\n");
    secret("env", "# S3\nAWS_ACCESS_KEY_ID=AKIA-test\n\nAWS_SECRET_ACCESS_KEY=very-secret\n");
    Inventory inv =
        Fixture.load(
            dir,
            backup(
                """
                repository = "s3:s3.example.net/bucket/mx1"
                password_file = "pw"
                environment_file = "env"
                keep_daily = 10
                """));
    BackupConfig b = inv.hosts().get(0).backup().orElseThrow();
    assertThat(b.password()).isEqualTo("s3cret-password");
    assertThat(b.environment())
        .isEqualTo("AWS_ACCESS_KEY_ID=AKIA-test\nAWS_SECRET_ACCESS_KEY=very-secret\n");
    assertThat(b.schedule()).isEqualTo("daily");
    assertThat(List.of(b.keepDaily(), b.keepWeekly(), b.keepMonthly())).containsExactly(10, 4, 6);
    String shown = b + " " + inv.hosts().get(0).model();
    assertThat(shown).doesNotContain("s3cret", "very-secret", "AKIA", "bucket");
  }

  @Test
  void aHostMayHaveItsOwnRepository() throws IOException {
    secret("pw", "pw\n");
    Inventory inv =
        Fixture.load(
            dir,
            backup("repository = \"/srv/backup/all\"\npassword_file = \"pw\"\n")
                + "[hosts.mx1.backup]\nrepository = \"/srv/backup/mx1\"\nschedule = \"off\"\n");
    BackupConfig b = inv.hosts().get(0).backup().orElseThrow();
    assertThat(b.repository()).isEqualTo("/srv/backup/mx1");
    assertThat(b.timer()).isFalse();
    assertThat(inv.hosts().get(0).model().get("backup"))
        .isEqualTo(
            Map.of(
                "enabled",
                true,
                "timer",
                false,
                "schedule",
                "off",
                "keep_daily",
                7,
                "keep_weekly",
                4,
                "keep_monthly",
                6));
  }

  @Test
  void noBackupTableMeansNoBackups() {
    assertThat(Fixture.load(dir, HOST).hosts().get(0).backup()).isEmpty();
  }

  @Test
  void eachMistakeIsReportedAtItsLineWithAFix() throws IOException {
    secret("pw", "pw\n");
    Path open = Files.writeString(dir.resolve("open"), "pw\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    secret("empty", "\n");
    secret("badenv", "AWS_KEY=1\nnot a variable\nRESTIC_PASSWORD=x\n");
    assertProblem(
        "repository = \"/srv/b\"", 2, "repository needs password_file", "password_file = ");
    assertProblem("password_file = \"pw\"", 2, "password_file without repository", "repository = ");
    assertProblem(
        "repository = \"ftp://x\"\npassword_file = \"pw\"",
        2,
        "is not a restic repository",
        "sftp:");
    assertProblem(
        "repository = \"/srv/b\"\npassword_file = \"missing\"",
        3,
        "cannot read " + dir.resolve("missing"),
        "create it (chmod 600)");
    assertProblem(
        "repository = \"/srv/b\"\npassword_file = \"open\"",
        3,
        "can be read by other users",
        "chmod 600 " + open);
    assertProblem(
        "repository = \"/srv/b\"\npassword_file = \"empty\"", 3, "is empty", "first line");
    assertProblem(
        "repository = \"/srv/b\"\npassword_file = \"pw\"\nschedule = \"daily&reboot\"",
        4,
        "schedule",
        "\"off\"");
    List<Problem> env =
        Fixture.problems(
            dir,
            backup(
                "repository = \"/srv/b\"\npassword_file = \"pw\"\nenvironment_file = \"badenv\""));
    assertThat(env)
        .extracting(Problem::message)
        .containsExactly(
            dir.resolve("badenv") + " line 2 is not NAME=value (host \"mx1\")",
            dir.resolve("badenv")
                + " line 3 sets RESTIC_PASSWORD, which mailpush sets itself (host \"mx1\")");
    assertThat(env).allSatisfy(p -> assertThat(p.line()).isEqualTo(4));
  }

  @Test
  void anSftpRepositoryLogsInWithTheHostsOwnKeyCheckingTheServersHostKey() throws IOException {
    secret("pw", "pw\n");
    secret(
        "key",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----");
    Files.writeString(
        dir.resolve("hosts"), "[backup.example.org]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\n");
    Inventory inv =
        Fixture.load(
            dir,
            backup(
                """
                repository = "sftp://restic@backup.example.org:2222//srv/restic/mx1"
                password_file = "pw"
                ssh_key_file = "key"
                ssh_known_hosts_file = "hosts"
                """));
    SftpLogin login = inv.hosts().get(0).backup().orElseThrow().sftp().orElseThrow();
    assertThat(login.command())
        .isEqualTo(
            "ssh -i /etc/mailpush/backup/ssh_key -F none -o IdentitiesOnly=yes"
                + " -o UserKnownHostsFile=/etc/mailpush/backup/known_hosts"
                + " -o StrictHostKeyChecking=yes -o BatchMode=yes -o ServerAliveInterval=30"
                + " -p 2222 -l restic backup.example.org -s sftp");
    assertThat(login.privateKey()).endsWith("-----END OPENSSH PRIVATE KEY-----\n");
    assertThat(inv.hosts().get(0).backup().orElseThrow() + " " + inv.hosts().get(0).model())
        .doesNotContain("b3BlbnNzaC1rZXk");
    assertThat(SftpLogin.target("sftp:backup.example.org:mx1").orElseThrow().command())
        .endsWith(" backup.example.org -s sftp")
        .doesNotContain(" -l ", " -p ");
    assertThat(SftpLogin.target("/srv/backup")).isEmpty();
  }

  @Test
  void sftpKeyMistakesAreReportedAtTheirLine() throws IOException {
    secret("pw", "pw\n");
    secret("key", "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n");
    secret("pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop\n");
    Files.writeString(dir.resolve("other"), "elsewhere.example.org ssh-ed25519 AAAA\n");
    Files.writeString(dir.resolve("hosts"), "b.example.org ssh-ed25519 AAAA\n");
    String sftp = "repository = \"sftp:u@b.example.org:/r\"\npassword_file = \"pw\"\n";
    assertProblem(
        "repository = \"/srv/b\"\npassword_file = \"pw\"\nssh_key_file = \"key\"",
        4,
        "ssh_key_file is for an sftp: repository",
        "sftp:user@");
    assertProblem(
        sftp + "ssh_key_file = \"key\"",
        4,
        "ssh_key_file needs ssh_known_hosts_file",
        "ssh-keyscan b.example.org");
    assertProblem(
        sftp + "ssh_known_hosts_file = \"hosts\"",
        4,
        "ssh_known_hosts_file without ssh_key_file",
        "ssh_key_file = ");
    assertProblem(
        sftp + "ssh_key_file = \"pub\"\nssh_known_hosts_file = \"hosts\"",
        4,
        "is not a private key",
        "ssh-keygen -t ed25519");
    assertProblem(
        sftp + "ssh_key_file = \"key\"\nssh_known_hosts_file = \"other\"",
        5,
        "has no host key line for b.example.org",
        "ssh-keyscan b.example.org >> ");
  }

  private void assertProblem(String lines, int line, String message, String hint) {
    List<Problem> problems = Fixture.problems(dir, backup(lines));
    assertThat(problems).as(lines).hasSize(1);
    assertThat(problems.get(0).line()).as(lines).isEqualTo(line);
    assertThat(problems.get(0).message()).contains(message);
    assertThat(problems.get(0).hint()).contains(hint);
  }
}
