package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handler names are free text; the files that mark them due are plain, distinct names inside the
 * pending directory.
 */
class PendingMarkTest {
  private static final List<String> TRICKY =
      List.of(
          "../x",
          "../../etc/cron.d/evil",
          "a/b",
          "/",
          "/etc/passwd",
          ".",
          "..",
          "...",
          "x\ny",
          "x\ry",
          "tab\there",
          "nul\0byte",
          "",
          " ",
          "%",
          "%25",
          "%2E",
          "%u002E",
          "~",
          "a~b",
          "restart postfix",
          "restart%20postfix",
          "restart_postfix",
          "restart-postfix",
          "a b",
          "a_b",
          "A",
          "a",
          "é",
          "e\u0301",
          "\uD800",
          "\uDC00",
          "\uD83D\uDE00",
          "-rf",
          "x".repeat(119),
          "x".repeat(120),
          "x".repeat(300),
          "x".repeat(299) + "y",
          "y" + "x".repeat(299),
          "%".repeat(50),
          "%".repeat(51));

  @Test
  void everyNameBecomesAPlainFileNameInsideThePendingDirectory() {
    for (String name : TRICKY) {
      String file = PendingMark.fileName(name);
      assertThat(file)
          .as("mark of %s", printable(name))
          .matches("[A-Za-z0-9_%~-]+")
          .isNotIn(".", "..");
      assertThat(file.getBytes(StandardCharsets.UTF_8).length)
          .as("NAME_MAX")
          .isLessThanOrEqualTo(255);
      Path path = Path.of(new PendingMark(name).path());
      assertThat(path.normalize()).isEqualTo(path);
      assertThat(path.getParent()).isEqualTo(Path.of(PendingMark.DIR));
    }
  }

  @Test
  void noTwoNamesShareAMark() {
    Map<String, String> byFile = new HashMap<>();
    for (String name : TRICKY) {
      String previous = byFile.put(PendingMark.fileName(name), name);
      assertThat(previous)
          .as(
              "%s and %s share a mark",
              printable(name), previous == null ? "" : printable(previous))
          .isNull();
    }
  }

  @Test
  void readableNamesStayReadable() {
    assertThat(PendingMark.fileName("reload-postfix")).isEqualTo("reload-postfix");
    assertThat(PendingMark.fileName("restart postfix")).isEqualTo("restart%20postfix");
    assertThat(PendingMark.fileName("../x")).isEqualTo("%2E%2E%2Fx");
    assertThat(PendingMark.fileName("Dovecot neu laden: ä"))
        .isEqualTo("Dovecot%20neu%20laden%3A%20%u00E4");
    assertThat(PendingMark.fileName("x".repeat(300)))
        .startsWith("x".repeat(40) + "~")
        .hasSize(40 + 1 + 64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"restart postfix", "reload opendkim.service", "a.b"})
  void marksWrittenBeforeTheEncodingAreStillFoundAndCleared(String name) {
    PendingMark mark = new PendingMark(name);
    assertThat(mark.legacyPath()).contains(PendingMark.DIR + "/" + name);
    assertThat(mark.in(Set.of(name))).isTrue();
    assertThat(mark.in(Set.of(PendingMark.fileName(name)))).isTrue();
    assertThat(mark.paths()).containsExactly(mark.path(), PendingMark.DIR + "/" + name);
  }

  @Test
  void onlyNamesTheOldRuleAllowedHaveAnOldPlace() {
    assertThat(new PendingMark("reload-postfix").legacyPath()).as("same file either way").isEmpty();
    assertThat(new PendingMark("../x").legacyPath()).isEmpty();
    assertThat(new PendingMark(".hidden").legacyPath()).isEmpty();
    assertThat(new PendingMark("x".repeat(65)).legacyPath()).isEmpty();
    // An old-style mark never stands for another handler: old names hold a space or '.', encodings
    // never do.
    assertThat(new PendingMark("restart%20postfix").in(Set.of("restart postfix"))).isFalse();
  }

  private static String printable(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\0", "\\0");
  }
}
