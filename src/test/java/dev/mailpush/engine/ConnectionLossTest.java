package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.ssh.SshException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a lost connection or an unreachable host does to a host's run: which task it is charged to,
 * what the report says and advises, and that nothing runs after it.
 */
class ConnectionLossTest {
  private static final String CONF = "/etc/app/app.conf";
  private static final String BIG = "/etc/app/big.dat";
  private static final String LOST = "the connection to mx1 was lost (the channel closed)";
  private static final String ADVICE =
      "run mailpush again once mx1 answers on SSH: every file is either its old or"
          + " its new version, and tasks already done change nothing";
  private static final String LOOK =
      ". If it keeps happening, look for a reboot, an OOM kill or a network drop"
          + " (journalctl -b on the host).";

  private static final Play PLAY =
      new Play(
          "app",
          List.of(
              new PlayTask(TestTasks.put(CONF, "v2\n"), List.of("restart app")),
              PlayTask.of(TestTasks.put(BIG, "big\n")),
              PlayTask.of(new TestTasks.Reader("after", "/etc/app/after"))),
          List.of(new Handler("restart app", List.of("systemctl", "restart", "app"))));

  @Test
  void aConnectionLostMidTaskFailsTheHostWithTheReasonAndTheHintAndNothingRunsAfter() {
    FakeSession host = new FakeSession().losingConnection(FakeSession.writing(BIG));

    Converged run = Converged.run(PLAY, host);

    assertThat(run.outcome(BIG))
        .isEqualTo(
            new TaskOutcome.Failed(
                LOST,
                ADVICE
                    + "; the due handlers (restart app) are recorded on the host and run then"
                    + LOOK));
    assertThat(run.started()).containsExactly(CONF, BIG);
    assertThat(host.sent.get(host.sent.size() - 1))
        .as("nothing is tried after the loss")
        .matches(FakeSession.writing(BIG));
    assertThat(run.summary())
        .extracting(
            HostSummary::changed, HostSummary::failed, HostSummary::unreachable, HostSummary::error)
        .containsExactly(1, 1, false, "connection lost during task \"" + BIG + "\"");
  }

  @Test
  void handlersRecordedJustBeforeTheLostWriteAreNamedInTheHint() {
    FakeSession host = new FakeSession().losingConnection(FakeSession.writing(CONF));

    Converged run = Converged.run(PLAY, host);

    assertThat(run.outcome(CONF))
        .isEqualTo(
            new TaskOutcome.Failed(
                LOST,
                ADVICE
                    + "; the due handlers (restart app) are recorded on the host and run then"
                    + LOOK));
    assertThat(host.marks())
        .as("recorded before the write")
        .containsExactly(PendingMark.fileName("restart app"));
  }

  @Test
  void aConnectionLostWhileRecordingTheHandlersIsChargedToThatTaskAndItsHintNamesNoHandler() {
    FakeSession host =
        new FakeSession().losingConnection(r -> r.argv().contains(RemoteScripts.MARK_PENDING));

    Converged run = Converged.run(PLAY, host);

    assertThat(run.outcome(CONF)).isEqualTo(new TaskOutcome.Failed(LOST, ADVICE + LOOK));
    assertThat(run.summary().failed()).isEqualTo(1);
  }

  @Test
  void aConnectionLostDuringTheProbeFailsTheHostBeforeAnyTask() {
    FakeSession host = new FakeSession().losingConnection(FakeSession::isProbe);

    Converged run = Converged.run(PLAY, host);

    assertThat(run.started()).isEmpty();
    assertThat(run.summary())
        .extracting(HostSummary::failed, HostSummary::unreachable, HostSummary::error)
        .containsExactly(1, false, LOST);
  }

  @Test
  void aConnectionLostUnderAHandlerFailsTheHostOnceAndTheHandlerStaysDue() {
    FakeSession host =
        new FakeSession().losingConnection(r -> r.argv().contains(RemoteScripts.RUN_HANDLER));

    Converged run = Converged.run(PLAY, host);

    assertThat(run.handlers()).isEmpty();
    assertThat(host.marks()).containsExactly(PendingMark.fileName("restart app"));
    assertThat(run.summary())
        .extracting(HostSummary::changed, HostSummary::failed, HostSummary::error)
        .containsExactly(2, 1, LOST);
  }

  @Test
  void anotherTransportFailureUnderATaskFailsThatTaskLikeAnyFailure() {
    FakeSession host =
        new FakeSession()
            .throwing(
                r -> !FakeSession.isProbe(r),
                new SshException(
                    SshException.Kind.SUDO_REFUSED,
                    "sudo refused admin on mx1",
                    "add admin to sudoers"));

    Converged run = Converged.run(PLAY, host);

    assertThat(run.outcome(CONF))
        .isEqualTo(new TaskOutcome.Failed("sudo refused admin on mx1", "add admin to sudoers"));
    assertThat(run.started()).containsExactly(CONF);
    assertThat(run.summary())
        .extracting(HostSummary::failed, HostSummary::unreachable, HostSummary::error)
        .containsExactly(1, false, "a task failed");
  }

  @Test
  void aHostThatCannotBeReachedIsUnreachableAndNotFailed() {
    SessionOpener down =
        t -> {
          throw new SshException(
              SshException.Kind.UNREACHABLE,
              "mx1 (192.0.2.1:22): no route to host",
              "check the address and that sshd listens");
        };

    Converged run = Converged.run(PLAY, down, RunOptions.defaults());

    assertThat(run.events()).singleElement().isEqualTo(new RunEvent.HostStarted("mx1", 3));
    assertThat(run.summary())
        .extracting(
            HostSummary::failed,
            HostSummary::unreachable,
            HostSummary::error,
            HostSummary::execCount)
        .containsExactly(
            0,
            true,
            "mx1 (192.0.2.1:22): no route to host\n  hint: check the address and that sshd listens",
            0);
  }
}
