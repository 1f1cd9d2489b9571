package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the executor turns what a host answered into what the report says (apt's lock, a full disk, a
 * rejected configuration), and which commands a validated write costs.
 */
class ExecutorTest {
  private static final String WAITING =
      "Waiting for cache lock: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 218 (perl)...\n";
  private static final Step INSTALL =
      new Step.RunCommand(
          "install hello", ExecRequest.root(List.of("apt-get", "install", "hello")));

  @Test
  void aStepThatWaitedForThePackageLockSaysForWhomAndHowLong() {
    Executor executor =
        new Executor(
            "mx1",
            answering(
                new ExecResult(0, bytes(WAITING.repeat(12) + "Setting up hello\n"), new byte[0])));
    assertThat(executor.apply(List.of(INSTALL)))
        .containsExactly(
            "install hello (waited about 12 s for the package manager lock held by process 218 (perl))");
    assertThat(
            new Executor(
                    "mx1", answering(new ExecResult(0, bytes("Setting up hello\n"), new byte[0])))
                .apply(List.of(INSTALL)))
        .containsExactly("install hello");
  }

  @Test
  void aPackageLockHeldPastTheBoundFailsWithTheHolderAndAHint() {
    Executor executor =
        new Executor(
            "mx1",
            answering(
                new ExecResult(
                    100,
                    bytes(WAITING.repeat(3)),
                    bytes(
                        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?\n"))));
    assertThatThrownBy(() -> executor.apply(List.of(INSTALL)))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "another package manager (process 218 (perl)) held"
                          + " /var/lib/dpkg/lock-frontend for 300 s and apt gave up waiting");
              assertThat(e.hint()).contains("unattended-upgrades", "ps -p 218");
            });
  }

  @Test
  void aFullDiskNamesTheHostThePathAndWhereToMakeRoom() {
    Executor executor =
        new Executor(
            "mx3",
            answering(
                new ExecResult(
                    1, new byte[0], bytes("cat: write error: No space left on device\n"))));
    Step write =
        new Step.WriteFile("/srv/small/data.txt", bytes("x".repeat(10)), "0644", null, null, true);
    assertThatThrownBy(() -> executor.apply(List.of(write)))
        .isInstanceOfSatisfying(
            TaskFailure.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "no space left on mx3 to write /srv/small/data.txt (10 bytes);"
                          + " the file keeps its previous version")
                  .contains("cat: write error: No space left on device");
              assertThat(e.hint())
                  .isEqualTo(
                      "free space on the file system of /srv/small (see df -h /srv/small on mx3) and run again");
            });
  }

  private static final Step.ValidatedWrite PAIR =
      new Step.ValidatedWrite(
          List.of(
              new Step.WriteFile("/etc/postfix/main.cf", bytes("main\n"), "0644", null, null, true),
              new Step.WriteFile(
                  "/etc/postfix/master.cf", bytes("master\n"), "0644", null, null, true)),
          List.of("postfix", "check"));

  @Test
  void aValidatedGroupIsStagedFileByFileThenInstalledAndValidatedInOneCommand() {
    List<ExecRequest> sent = new ArrayList<>();
    Executor executor =
        new Executor(
            "mx1",
            scripted(
                sent,
                ok("/etc/postfix/.mailpush.a1\n"),
                ok("/etc/postfix/.mailpush.b2\n"),
                ok("")));
    executor.apply(List.of(PAIR));
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).argv())
        .containsSubsequence(RemoteScripts.STAGE, "sh", "/etc/postfix/main.cf", "0644");
    assertThat(sent.get(0).stdin()).isEqualTo(bytes("main\n"));
    assertThat(sent.get(2).argv())
        .containsExactly(
            "sh",
            "-c",
            RemoteScripts.COMMIT,
            "sh",
            "2",
            "/etc/postfix/.mailpush.a1",
            "/etc/postfix/main.cf",
            "/etc/postfix/.mailpush.b2",
            "/etc/postfix/master.cf",
            "postfix",
            "check");
  }

  @Test
  void aRejectedGroupFailsAsRolledBackWithTheValidatorsWords() {
    Executor executor =
        new Executor(
            "mx1",
            scripted(
                new ArrayList<>(),
                ok("/etc/postfix/.mailpush.a1\n"),
                ok("/etc/postfix/.mailpush.b2\n"),
                new ExecResult(
                    RemoteScripts.REJECTED,
                    new byte[0],
                    bytes("postfix/postconf: fatal: bad value\n"))));
    assertThatThrownBy(() -> executor.apply(List.of(PAIR)))
        .isInstanceOfSatisfying(
            TaskFailure.RolledBack.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "postfix check rejected the new configuration; the previous files were restored and no service was"
                            + " reloaded:\n    postfix/postconf: fatal: bad value"));
  }

  @Test
  void aFailedStagingRemovesTheTempFilesAlreadyStaged() {
    List<ExecRequest> sent = new ArrayList<>();
    Executor executor =
        new Executor(
            "mx1",
            scripted(
                sent,
                ok("/etc/postfix/.mailpush.a1\n"),
                new ExecResult(
                    1, new byte[0], bytes("only 3 of 7 bytes arrived (the transfer was cut)\n")),
                ok("")));
    assertThatThrownBy(() -> executor.apply(List.of(PAIR)))
        .isInstanceOf(TaskFailure.class)
        .hasMessageContaining("write /etc/postfix/master.cf failed");
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).argv()).containsExactly("rm", "-f", "--", "/etc/postfix/.mailpush.a1");
  }

  @Test
  void everyKindOfStepIsAppliedAndReportedByItsDescription() {
    List<ExecRequest> sent = new ArrayList<>();
    List<String> custom = new ArrayList<>();
    Step.Custom acme = new Step.Custom("custom", session -> custom.add("applied"));
    List<Step> steps =
        SealedDispatchTest.STEPS.stream().map(s -> s instanceof Step.Custom ? acme : s).toList();
    Executor executor =
        new Executor("mx1", scripted(sent, ok(""), ok(""), ok("/etc/.mailpush.a1\n"), ok("")));

    assertThat(executor.apply(steps))
        .containsExactly(
            "run", "write /etc/a (0644)", "write /etc/a and validate with true", "custom");
    assertThat(sent)
        .extracting(r -> r.argv().get(r.argv().size() > 2 ? 2 : 0))
        .containsExactly("true", RemoteScripts.WRITE, RemoteScripts.STAGE, RemoteScripts.COMMIT);
    assertThat(custom).containsExactly("applied");
  }

  @Test
  void aReportingCustomStepAddsItsWarningToItsLine() {
    Step.Custom quiet = new Step.Custom("order", (Step.Custom.Reporting) session -> "");
    Step.Custom noted =
        new Step.Custom("order", (Step.Custom.Reporting) session -> "kept the current key");
    Executor executor = new Executor("mx1", scripted(new ArrayList<>()));
    assertThat(executor.apply(List.of(quiet, noted)))
        .containsExactly("order", "order (warning: kept the current key)");
  }

  private static ExecResult ok(String stdout) {
    return new ExecResult(0, bytes(stdout), new byte[0]);
  }

  /** A host that answers commands with the given results in turn and records what was sent. */
  private static HostSession scripted(List<ExecRequest> sent, ExecResult... results) {
    Deque<ExecResult> answers = new ArrayDeque<>(Arrays.asList(results));
    return new HostSession() {
      @Override
      public ExecResult exec(ExecRequest request) {
        sent.add(request);
        return answers.removeFirst();
      }

      @Override
      public void upload(
          String remotePath, byte[] content, String mode, String owner, String group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int execCount() {
        return sent.size();
      }

      @Override
      public long bytesSent() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A host that answers every command with the same result. */
  private static HostSession answering(ExecResult result) {
    return new HostSession() {
      @Override
      public ExecResult exec(ExecRequest request) {
        return result;
      }

      @Override
      public void upload(
          String remotePath, byte[] content, String mode, String owner, String group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int execCount() {
        return 0;
      }

      @Override
      public long bytesSent() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }
}
