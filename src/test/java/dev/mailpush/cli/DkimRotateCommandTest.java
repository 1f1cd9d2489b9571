package dev.mailpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad options of {@code dkim rotate} are refused with exit 2 before any host is contacted. */
class DkimRotateCommandTest {
  static final String INVENTORY = "src/test/resources/golden/minimal/inventory.toml";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--grace|7 days|--grace 7 days: expected a number and a unit (s, m, h, d)",
        "--grace|-1d|expected a number and a unit",
        "--domain|other.test|--domain other.test is not a virtual domain of the chosen hosts",
        "--resolver|127.0.0.1:99999|--resolver 127.0.0.1:99999: expected HOST or HOST:PORT"
      })
  void badOptionsExit2NamingTheOption(String option, String value, String message) {
    CliRun run = CliRun.of("dkim", "rotate", INVENTORY, option, value);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void anUnknownHostInLimitIsRefused() {
    CliRun run = CliRun.of("dkim", "rotate", INVENTORY, "--limit", "nope");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--limit names hosts that are not in");
  }
}
