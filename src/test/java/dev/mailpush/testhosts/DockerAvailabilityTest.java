package dev.mailpush.testhosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerAvailabilityTest {

  @Test
  void runsWhenNothingIsMissing() {
    assertThat(DockerAvailability.decide(Optional.empty(), false).isDisabled()).isFalse();
    assertThat(DockerAvailability.decide(Optional.empty(), true).isDisabled()).isFalse();
  }

  @Test
  void skipsWithTheReasonOutsideCi() {
    var result = DockerAvailability.decide(Optional.of("no Docker engine answers"), false);

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .hasValueSatisfying(r -> assertThat(r).contains("no Docker engine answers"));
  }

  @Test
  void failsUnderCi() {
    assertThatThrownBy(
            () -> DockerAvailability.decide(Optional.of("no Docker engine answers"), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("no Docker engine answers");
  }
}
