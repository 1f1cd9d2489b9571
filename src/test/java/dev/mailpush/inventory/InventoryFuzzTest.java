package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.cli.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of mutations of inventory.example.toml — syntax breaks, wrong types, unknown keys,
 * hostile strings — through the real CLI: never a stack trace, always exit 2 with file:line (or a
 * valid inventory), and no host contacted. Seeded, so a failure is reproducible.
 */
class InventoryFuzzTest {
  private static final int CASES = 3000;
  private static final List<String> HOSTILE =
      List.of(
          "\"",
          "'",
          "\\n",
          "\\u0000",
          ";",
          "$(touch /tmp/pwned)",
          "`id`",
          "\\\\",
          "é",
          "пример.рф",
          "a".repeat(5000),
          "\\t",
          "%s%n",
          "../../etc/passwd",
          "${HOME}",
          "*",
          "#",
          "\\r\\n",
          "0x1p3",
          "-1",
          "99999999999999999999",
          "nan",
          "inf",
          "true",
          "[]",
          "{}",
          "=",
          "[[",
          "]]",
          "\\\"\"\"");
  private static final Pattern POSITION = Pattern.compile("inventory\\.toml:\\d+(:\\d+)?");

  @TempDir Path dir;

  @Test
  void mutatedInventoriesNeverCrashAndNeverContactAHost() throws Exception {
    String example = Files.readString(Path.of("inventory.example.toml"));
    Random random = new Random(20261125);
    try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Every host of the example points at the trap, so any connection attempt is seen.
      String base =
          example
              .replaceAll("address = \"[^\"]*\"", "address = \"127.0.0.1\"")
              .replaceAll("(?m)^port = \\d+", "port = " + trap.getLocalPort());
      Path file = dir.resolve("inventory.toml");
      int valid = 0;
      for (int i = 0; i < CASES; i++) {
        String mutated = mutate(base, random);
        Files.writeString(file, mutated);
        // Every case through the loader (what the CLI calls first); every twentieth through the
        // whole CLI too.
        try {
          new InventoryLoader().load(file);
          valid++;
        } catch (InventoryException e) {
          assertThat(e.problems()).as("case %d:\n%s", i, mutated).isNotEmpty();
          assertThat(POSITION.matcher(e.getMessage()).find())
              .as("case %d has no file:line:\n%s", i, e.getMessage())
              .isTrue();
        }
        if (i % 20 == 0) {
          // A valid mutation must not run either: --limit names a host no inventory has.
          CliRun run = CliRun.of("deploy", file.toString(), "--limit", "no-such-host", "--json");
          assertThat(run.err())
              .as("case %d:\n%s", i, mutated)
              .doesNotContain("Exception", "\tat ", "internal error");
          assertThat(run.exitCode()).as("case %d:\n%s\n%s", i, mutated, run.err()).isEqualTo(2);
          assertThat(
                  POSITION.matcher(run.err()).find() || run.err().contains("--limit names hosts"))
              .as("case %d:\n%s", i, run.err())
              .isTrue();
        }
      }
      // A connection attempt would wait in the trap's backlog: one look at the end sees any of
      // them.
      trap.setSoTimeout(200);
      try {
        trap.accept().close();
        throw new AssertionError("a mutated inventory made mailpush contact a host");
      } catch (SocketTimeoutException expected) {
        // nobody connected
      }
      assertThat(valid).as("some mutations should stay valid").isLessThan(CASES);
    }
  }

  private static String mutate(String text, Random r) {
    String[] lines = text.split("\n", -1);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int n = r.nextInt(lines.length);
      String line = lines[n];
      switch (r.nextInt(8)) {
        case 0 ->
            lines[n] =
                line.isEmpty() ? "x" : line.substring(0, r.nextInt(line.length())); // truncate
        case 1 ->
            lines[n] =
                line.replaceFirst(
                    "\"[^\"]*\"",
                    java.util.regex.Matcher.quoteReplacement(
                        "\"" + HOSTILE.get(r.nextInt(HOSTILE.size())) + "\""));
        case 2 ->
            lines[n] =
                line.replaceFirst(
                    "= .*",
                    "= "
                        + List.of(
                                "42",
                                "true",
                                "\"str\"",
                                "[1, 2]",
                                "{a = 1}",
                                "1979-05-27",
                                "3.14",
                                "[\"a\", 1]")
                            .get(r.nextInt(8))); // wrong types
        case 3 ->
            lines[n] =
                line.replaceFirst("^([a-z_]+)", "$1" + (char) ('a' + r.nextInt(26))); // unknown key
        case 4 -> lines[n] = line + HOSTILE.get(r.nextInt(HOSTILE.size())); // syntax break
        case 5 -> lines[n] = lines[r.nextInt(lines.length)]; // duplicate a line elsewhere
        case 6 -> lines[n] = "[" + line + "]"; // a table header from anything
        default -> lines[n] = ""; // drop a line
      }
    }
    return String.join("\n", lines);
  }
}
