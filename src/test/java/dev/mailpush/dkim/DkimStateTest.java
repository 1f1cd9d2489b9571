package dev.mailpush.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimStateTest {
  @Test
  void rendersAndParsesBack() {
    Instant t = Instant.parse("2026-12-03T18:00:00Z");
    DkimState s =
        new DkimState(
            Optional.of("s20261203"),
            Optional.empty(),
            Optional.of(new DkimState.Retiring("mail", t)));
    assertThat(DkimState.parse(s.render(), "f")).isEqualTo(s);
    assertThat(s.signing("mail")).isEqualTo("s20261203");
    assertThat(DkimState.none().signing("mail")).isEqualTo("mail");
  }

  @Test
  void aSwitchMakesThePendingKeySignAndRetiresThePreviousOne() {
    Instant t = Instant.parse("2026-12-03T18:00:00Z");
    DkimState s = DkimState.none().withPending("s20261203").switched("mail", t);
    assertThat(s.active()).contains("s20261203");
    assertThat(s.pending()).isEmpty();
    assertThat(s.retiring()).contains(new DkimState.Retiring("mail", t));
    assertThat(s.retired().retiring()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "active|f:1: expected: active SELECTOR",
        "active ../x|f:1: \"../x\" is not a DKIM selector",
        "retiring mail yesterday|f:1: Text 'yesterday' could not be parsed",
        "signing mail|f:1: unknown entry signing"
      })
  void badLinesNameTheFileAndLine(String line, String message) {
    assertThatThrownBy(() -> DkimState.parse(line + "\n", "f"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
