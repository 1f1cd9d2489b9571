package dev.mailpush.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellQuoteTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "plain|plain",
        "/etc/postfix/main.cf|/etc/postfix/main.cf",
        "--flag=x|'--flag=x'",
        "A=b|'A=b'",
        "\"\"|''",
        "it's|'it'\\''s'",
        "$(id)|'$(id)'",
        "a b|'a b'",
        "~|'~'",
        "*|'*'",
      })
  void quotesOnlyWhatTheShellWouldInterpret(String word, String quoted) {
    assertThat(ShellQuote.quote(word)).isEqualTo(quoted);
  }

  @Test
  void joinsArgvWithSpaces() {
    assertThat(ShellQuote.join(List.of("printf", "%s\n", "a;b"))).isEqualTo("printf '%s\n' 'a;b'");
  }

  @Test
  void refusesNul() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }
}
