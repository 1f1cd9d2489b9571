package dev.mailpush.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One in-process invocation of the CLI with captured output; tests read --json lines back. */
public record CliRun(int exitCode, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
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
    return events().stream().filter(e -> e.path("type").asText().equals("task") && e.path("host").asText().equals(host))
        .toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
