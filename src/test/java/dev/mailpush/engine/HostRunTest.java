package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A host's run against a scripted session: which commands reach the host, and what the report says. */
class HostRunTest {
  private static final String PENDING = "/var/lib/mailpush/pending";

  /** Names a playbook may give its handlers: none may leave the pending directory or share a mark. */
  private static final List<String> HOSTILE = List.of("../x", "../../etc/cron.d/evil", "a/b", "/etc/passwd", ".", "..",
      "x\ny", "tab\there", "nul\0byte", "restart postfix", "restart%20postfix", "restart_postfix", "a b", "a_b", "",
      " ", "%", "%25", "~", "é", "\uD800", "-rf", "x".repeat(300), "x".repeat(299) + "y");

  @Test
  void hostileHandlerNamesStayInsideThePendingDirectoryAndNeverShareAMark() {
    List<Handler> handlers = HOSTILE.stream().map(n -> new Handler(n, List.of("true"))).toList();
    Play play = new Play("hostile", List.of(new PlayTask(new Changing(), HOSTILE)), handlers);
    Host host = new Host("");

    List<RunEvent> events = run(play, host);

    List<String> marked = new ArrayList<>();
    List<String> fired = new ArrayList<>();
    for (ExecRequest r : host.sent) {
      List<String> argv = r.argv();
      if (argv.contains(RemoteScripts.MARK_PENDING)) {
        assertThat(argv.get(4)).isEqualTo(PENDING);
        marked.addAll(argv.subList(5, argv.size()));
      } else if (argv.contains(RemoteScripts.RUN_HANDLER)) {
        fired.add(argv.get(4));
      }
    }
    assertThat(marked).as("one mark per handler").hasSize(HOSTILE.size());
    assertThat(new HashSet<>(marked)).as("no two handlers share a mark").hasSize(HOSTILE.size());
    for (String name : marked) {
      assertThat(name).as("a plain file name").isNotIn("", ".", "..").doesNotContain("/", "\n", "\t", "\0");
      assertThat(name.getBytes(StandardCharsets.UTF_8).length).as("fits NAME_MAX").isLessThanOrEqualTo(255);
    }
    assertThat(fired).as("each handler clears its own mark").hasSize(HOSTILE.size())
        .allSatisfy(p -> assertThat(p).startsWith(PENDING + "/"))
        .allSatisfy(p -> assertThat(marked).contains(p.substring(PENDING.length() + 1)));
    assertThat(new HashSet<>(fired)).hasSize(HOSTILE.size());
    assertThat(events).filteredOn(e -> e instanceof RunEvent.TaskFinished f && f.handler()).hasSize(HOSTILE.size());
  }

  @Test
  void aMarkLeftBeforeMarksWereEncodedStillFiresAndIsCleared() {
    Play play = new Play("upgrade", List.of(PlayTask.of(new Unchanged())),
        List.of(new Handler("restart postfix", List.of("systemctl", "restart", "postfix"))));
    Host host = new Host("H\trestart postfix\n");

    run(play, host);

    ExecRequest fire = host.sent.stream().filter(r -> r.argv().contains(RemoteScripts.RUN_HANDLER)).findFirst()
        .orElseThrow(() -> new AssertionError("the old mark did not fire: " + host.sent));
    assertThat(fire.argv()).contains(PENDING + "/restart postfix").endsWith("systemctl", "restart", "postfix");
  }

  private static final String STALE = "/etc/faults/.mailpush.AbC123";

  @Test
  void aNoOpRunLooksForLeftoverStagingFilesInItsOneProbe() {
    Host host = new Host("");

    List<RunEvent> events = run(new Play("noop", List.of(PlayTask.of(new Unchanged("/etc/faults/a.conf"))), List.of()),
        host);

    assertThat(host.sent).as("the probe and nothing else").hasSize(1);
    assertThat(new String(host.sent.get(0).stdin(), StandardCharsets.UTF_8)).contains("/etc/faults", ".mailpush.??????");
    assertThat(events).noneMatch(e -> e instanceof RunEvent.TaskStarted t && t.task().equals(StagingCleanup.NAME));
  }

  @Test
  void leftoverStagingFilesAreRemovedWithOneMoreExecAndReported() {
    Host host = new Host("L\t0\t.mailpush.AbC123\n");

    List<RunEvent> events = run(new Play("noop", List.of(PlayTask.of(new Unchanged("/etc/faults/a.conf"))), List.of()),
        host);

    assertThat(host.sent).hasSize(2);
    assertThat(host.sent.get(1).argv()).containsExactly("rm", "-f", "--", STALE);
    assertThat(finished(events, StagingCleanup.NAME).outcome())
        .isEqualTo(new TaskOutcome.Changed(List.of("removed 1 leftover staging file: " + STALE), List.of()));
    assertThat(finished(events, "nothing").outcome()).isInstanceOf(TaskOutcome.Ok.class);
  }

  @Test
  void checkModeOnlySaysItWouldRemoveThem() {
    Host host = new Host("L\t0\t.mailpush.AbC123\nL\t0\t.mailpush.dEf456\n");
    List<RunEvent> events = new ArrayList<>();
    Play play = new Play("noop", List.of(PlayTask.of(new Unchanged("/etc/faults/a.conf"))), List.of());

    new HostRun(host(), play, new RunOptions(true, false, 1, null, 100), h -> host, events::add, Clock.systemUTC())
        .run();

    assertThat(host.sent).hasSize(1);
    assertThat(finished(events, StagingCleanup.NAME).outcome()).isEqualTo(new TaskOutcome.Changed(
        List.of("would remove 2 leftover staging files: " + STALE + ", /etc/faults/.mailpush.dEf456"), List.of()));
  }

  private static RunEvent.TaskFinished finished(List<RunEvent> events, String task) {
    return events.stream().filter(e -> e instanceof RunEvent.TaskFinished f && f.task().equals(task))
        .map(RunEvent.TaskFinished.class::cast).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + task + " in " + events));
  }

  private List<RunEvent> run(Play play, HostSession session) {
    List<RunEvent> events = new ArrayList<>();
    new HostRun(host(), play, RunOptions.defaults(), h -> session, events::add, Clock.systemUTC()).run();
    return events;
  }

  private static Target host() {
    return new Target("mx1");
  }

  /** A task that always runs a command (so every handler it notifies becomes due). */
  private static final class Changing implements Task {
    @Override
    public String name() {
      return "change";
    }

    @Override
    public FactQuery needs() {
      return FactQuery.none();
    }

    @Override
    public Plan plan(HostFacts facts, Distro distro) {
      return Plan.Changes.of(new Step.RunCommand("change", ExecRequest.root(List.of("true"))));
    }
  }

  /** A task already right; it reads {@code paths} (as a file task reads its file). */
  private static final class Unchanged implements Task {
    private final Set<String> paths;

    Unchanged(String... paths) {
      this.paths = Set.of(paths);
    }

    @Override
    public String name() {
      return "nothing";
    }

    @Override
    public FactQuery needs() {
      return FactQuery.paths(paths);
    }

    @Override
    public Plan plan(HostFacts facts, Distro distro) {
      return new Plan.NoChange("already right");
    }
  }

  /** Answers the fact probe with Debian 12 plus {@code probeExtra}, every other command with exit 0. */
  private static final class Host implements HostSession {
    final List<ExecRequest> sent = new ArrayList<>();
    private final String probeExtra;

    Host(String probeExtra) {
      this.probeExtra = probeExtra;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
      sent.add(request);
      String out = request.argv().equals(List.of("sh", "-s"))
          ? "O\tID\tdebian\nO\tVERSION_ID\t\"12\"\n" + probeExtra + paths(request) + "END\n"
          : "";
      return new ExecResult(0, out.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** Every path the probe asks about is missing. */
    private static String paths(ExecRequest probe) {
      String script = new String(probe.stdin(), StandardCharsets.UTF_8);
      return script.contains("/etc/faults/a.conf") ? "F\t/etc/faults/a.conf\tmissing\n" : "";
    }

    @Override
    public void upload(String remotePath, byte[] content, String mode, String owner, String group) {
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
  }
}
