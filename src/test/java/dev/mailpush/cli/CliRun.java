package dev.mailpush.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One in-process invocation of the CLI with captured output; tests read --json lines back. */
public record CliRun(int exitCode, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * One invocation in a new JVM with this test's classpath and extra environment variables: for
   * what the environment carries ({@code MAILPUSH_BECOME_PASSWORD}) and for what other processes
   * can see of a real run.
   */
  public static CliRun inNewJvm(Map<String, String> env, Path workDir, String... args) {
    CliRun run = inNewJvm(env, workDir, Duration.ofMinutes(10), out -> false, args);
    if (run.killed()) {
      throw new IllegalStateException(
          "mailpush " + String.join(" ", args) + " did not end within 10 minutes");
    }
    return run;
  }

  /**
   * One invocation in a new JVM that is killed (SIGKILL, as a laptop losing power or a closed lid
   * would end it) after {@code after} if still running: an interruption in the middle of a run.
   */
  public static CliRun killedInNewJvm(Duration after, Path workDir, String... args) {
    return inNewJvm(Map.of(), workDir, after, out -> false, args);
  }

  /**
   * One invocation in a new JVM killed (SIGKILL) as soon as its output contains {@code marker}: an
   * interruption right after one step was reported, while the next one runs.
   */
  public static CliRun killedInNewJvmAfter(String marker, Path workDir, String... args) {
    return inNewJvm(Map.of(), workDir, Duration.ofMinutes(10), out -> out.contains(marker), args);
  }

  /** Whether this run was killed rather than ending by itself. */
  public boolean killed() {
    return exitCode == KILLED;
  }

  /** The exit code recorded for a run this class killed. */
  private static final int KILLED = 128 + 9;

  private static CliRun inNewJvm(
      Map<String, String> env,
      Path workDir,
      Duration limit,
      Predicate<String> killWhen,
      String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current()
                    .info()
                    .command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Path stdout = workDir.resolve("stdout");
    Path stderr = workDir.resolve("stderr");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    pb.environment().putAll(env);
    try {
      Files.createDirectories(workDir);
      Process p = pb.start();
      p.getOutputStream().close();
      long deadline = System.nanoTime() + limit.toNanos();
      boolean kill = false;
      while (!p.waitFor(10, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline || killWhen.test(Files.readString(stdout))) {
          kill = true;
          p.destroyForcibly();
          p.waitFor();
          break;
        }
      }
      return new CliRun(
          kill ? KILLED : p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        try {
          events.add(JSON.readTree(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new UncheckedIOException("not a JSON line: " + line, e);
        }
      }
    }
    return events;
  }

  /** The last line, which the contract says is always the recap. */
  public JsonNode recap() {
    List<JsonNode> events = events();
    JsonNode last = events.get(events.size() - 1);
    if (!last.path("type").asText().equals("recap")) {
      throw new AssertionError("last line is not the recap: " + last);
    }
    return last.get("hosts");
  }

  public List<JsonNode> tasks(String host) {
    return events().stream()
        .filter(e -> e.path("type").asText().equals("task") && e.path("host").asText().equals(host))
        .toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
