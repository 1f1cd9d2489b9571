package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.distro.Distro;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's run against a scripted session: which commands reach the host, and what the report says. */
class HostRunTest {
  private static final String PENDING = "/var/lib/mailpush/pending";

  @TempDir Path dir;

  /** Names a playbook may give its handlers: none may leave the pending directory or share a mark. */
  private static final List<String> HOSTILE = List.of("../x", "../../etc/cron.d/evil", "a/b", "/etc/passwd", ".", "..",
      "x\ny", "tab\there", "nul\0byte", "restart postfix", "restart%20postfix", "restart_postfix", "a b", "a_b", "",
      " ", "%", "%25", "~", "é", "\uD800", "-rf", "x".repeat(300), "x".repeat(299) + "y");

  @Test
  void hostileHandlerNamesStayInsideThePendingDirectoryAndNeverShareAMark() throws IOException {
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
  void aMarkLeftBeforeMarksWereEncodedStillFiresAndIsCleared() throws IOException {
    Play play = new Play("upgrade", List.of(PlayTask.of(new Unchanged())),
        List.of(new Handler("restart postfix", List.of("systemctl", "restart", "postfix"))));
    Host host = new Host("H\trestart postfix\n");

    run(play, host);

    ExecRequest fire = host.sent.stream().filter(r -> r.argv().contains(RemoteScripts.RUN_HANDLER)).findFirst()
        .orElseThrow(() -> new AssertionError("the old mark did not fire: " + host.sent));
    assertThat(fire.argv()).contains(PENDING + "/restart postfix").endsWith("systemctl", "restart", "postfix");
  }

  private List<RunEvent> run(Play play, HostSession session) throws IOException {
    List<RunEvent> events = new ArrayList<>();
    new HostRun(host(), play, RunOptions.defaults(), h -> session, events::add, Clock.systemUTC()).run();
    return events;
  }

  private HostConfig host() throws IOException {
    Path inventory = Files.writeString(dir.resolve("inventory.toml"),
        "[hosts.mx1]\naddress = \"192.0.2.1\"\nhostname = \"mx1.example.com\"\n");
    return new InventoryLoader().load(inventory).hosts().get(0);
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

  private static final class Unchanged implements Task {
    @Override
    public String name() {
      return "nothing";
    }

    @Override
    public FactQuery needs() {
      return FactQuery.none();
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
          ? "O\tID\tdebian\nO\tVERSION_ID\t\"12\"\n" + probeExtra + "END\n"
          : "";
      return new ExecResult(0, out.getBytes(StandardCharsets.UTF_8), new byte[0]);
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
