package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.engine.TaskOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
  private static final HostSummary MX1 =
      new HostSummary("mx1", 3, 1, 0, 0, false, false, "", Duration.ofMillis(1500), 4, 1000);
  private static final HostSummary MX2 =
      new HostSummary(
          "mx2", 0, 0, 0, 0, true, false, "cannot connect", Duration.ofMillis(10), 0, 0);

  private static void play(Renderer r) {
    r.begin("site", 2, RunOptions.defaults());
    r.accept(new RunEvent.HostStarted("mx1", 4));
    r.accept(new RunEvent.TaskStarted("mx1", "Base packages", false));
    r.accept(
        new RunEvent.TaskFinished(
            "mx1",
            "Base packages",
            false,
            new TaskOutcome.Ok("all 2 packages installed"),
            Duration.ofMillis(3)));
    r.accept(
        new RunEvent.TaskFinished(
            "mx1",
            "motd",
            false,
            new TaskOutcome.Changed(
                List.of("write /etc/motd (0644)"),
                List.of("--- /etc/motd\n+++ /etc/motd\n-old\n+new\n")),
            Duration.ofMillis(3)));
    r.accept(
        new RunEvent.TaskFinished(
            "mx1", "cron", false, new TaskOutcome.Failed("boom", "do this"), Duration.ZERO));
    r.accept(new RunEvent.HostFinished(MX1));
    r.accept(new RunEvent.HostFinished(MX2));
    r.recap(List.of(MX1, MX2));
  }

  @Test
  void plainOutputHasOneLinePerResultAndARecapWithoutEscapeCodes() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    play(new HumanRenderer(new PrintWriter(out), new PrintWriter(err), Terminal.plain()));

    assertThat(out.toString())
        .doesNotContain("\u001b[")
        .contains("mx1       ok       Base packages")
        .contains("mx1       changed  motd: write /etc/motd (0644)")
        .contains("    +new")
        .contains("mx1       FAILED   cron: boom", "hint: do this")
        .contains("mx2       UNREACHABLE cannot connect")
        .contains("RECAP")
        .containsPattern("mx1 +3 +1 +0 +0 +no +1\\.5s")
        .containsPattern("mx2 +0 +0 +0 +0 +yes");
    assertThat(err.toString()).contains("1 of 2 hosts failed or were unreachable");
  }

  @Test
  void textFromTheHostCannotDriveTheTerminal() {
    StringWriter out = new StringWriter();
    HumanRenderer r =
        new HumanRenderer(
            new PrintWriter(out), new PrintWriter(new StringWriter()), Terminal.plain());
    r.begin("site", 1, RunOptions.defaults());
    // A hand-edited file and a validator message, as a compromised or careless host could send
    // them.
    r.accept(
        new RunEvent.TaskFinished(
            "mx1",
            "motd",
            false,
            new TaskOutcome.Changed(
                List.of("write /etc/motd (0644)"),
                List.of("--- /etc/motd\n+++ /etc/motd\n-old\u001b[2J\n+new\tline\n")),
            Duration.ZERO));
    r.accept(
        new RunEvent.TaskFinished(
            "mx1",
            "check",
            false,
            new TaskOutcome.Failed(
                "validator said:\n    bad\u001b]0;owned\u0007 \u202Eevil", "fix it"),
            Duration.ZERO));

    assertThat(out.toString())
        .doesNotContain("\u001b", "\u0007", "\u202E")
        .contains("    -old\\u001B[2J", "    +new\tline")
        .contains("bad\\u001B]0;owned\\u0007 \\u202Eevil");
  }

  @Test
  void onATerminalTheCurrentTaskIsShownLiveAndErasedBeforeTheRecap() {
    StringWriter out = new StringWriter();
    play(
        new HumanRenderer(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            new Terminal(true, false, 80)));
    String text = out.toString();
    assertThat(text)
        .contains("[0/4] Base packages")
        .contains("[1/4] Base packages")
        .contains("\u001b[1F\u001b[J");
    String recap = text.substring(text.indexOf("RECAP"));
    assertThat(recap).doesNotContain("[1/4]");
  }

  @Test
  void jsonLinesEndWithTheRecapOfTheContract() throws Exception {
    StringWriter out = new StringWriter();
    play(new JsonRenderer(new PrintWriter(out)));
    List<String> lines = out.toString().lines().toList();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertThat(json.readTree(line).has("type")).as(line).isTrue();
    }
    JsonNode recap = json.readTree(lines.get(lines.size() - 1));
    assertThat(recap.get("type").asText()).isEqualTo("recap");
    assertThat(recap.at("/hosts/mx1/changed").asInt()).isEqualTo(1);
    assertThat(recap.at("/hosts/mx2/unreachable").asBoolean()).isTrue();
    JsonNode failed =
        json.readTree(
            lines.stream()
                .filter(l -> l.contains("\"failed\"") && l.contains("boom"))
                .findFirst()
                .orElseThrow());
    assertThat(failed.get("hint").asText()).isEqualTo("do this");
  }
}
