package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [resolver]}: the host's own validating resolver, its forwarders and trust anchors. */
class ResolverSectionTest {
  private static final String ANCHOR =
      "dane.test. 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+"
          + "KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";

  @TempDir Path dir;

  @Test
  void withoutTheTableHostsKeepTheirOwnResolver() {
    assertThat(Fixture.load(dir, Fixture.HOST).hosts().get(0).resolver())
        .isEqualTo(ResolverConfig.SYSTEM);
  }

  @Test
  void unboundWithForwardersAndAnchorsAndAHostThatStaysOnItsOwn() {
    List<HostConfig> hosts =
        Fixture.load(
                dir,
                "[resolver]\nmode = \"unbound\"\nforward_to = [\"192.0.2.53@5353\", \"2001:DB8::53\"]\n"
                    + "trust_anchors = [\""
                    + ANCHOR.replace(" 3600 ", "   3600  ")
                    + "\"]\n"
                    + Fixture.HOST
                    + "[hosts.mx2]\naddress = \"203.0.113.11\"\nhostname = \"mx2.example.com\"\n"
                    + "[hosts.mx2.resolver]\nmode = \"system\"\nforward_to = []\n"
                    + "trust_anchors = []\n")
            .hosts();
    ResolverConfig own = hosts.get(0).resolver();
    assertThat(own)
        .isEqualTo(
            new ResolverConfig(true, List.of("192.0.2.53@5353", "2001:db8::53"), List.of(ANCHOR)));
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) hosts.get(0).model().get("resolver");
    assertThat(model)
        .containsEntry("unbound", true)
        .containsEntry("forwards", true)
        .containsEntry("root_anchor", false)
        .containsEntry("reserved_zones", List.of("test."));
    assertThat(hosts.get(1).resolver()).isEqualTo(ResolverConfig.SYSTEM);
  }

  @Test
  void onlyAnchorsUnderAReservedNameNeedUnboundToAskForIt() {
    assertThat(new ResolverConfig(true, List.of(), List.of()).reservedZonesInUse()).isEmpty();
    assertThat(
            new ResolverConfig(
                    true,
                    List.of(),
                    List.of("lab.home.arpa IN DS 1 13 2 AB", "example.org. IN DS 1 13 2 AB"))
                .reservedZonesInUse())
        .containsExactly("home.arpa.");
    assertThat(
            new ResolverConfig(true, List.of(), List.of("contest. IN DS 1 13 2 AB"))
                .reservedZonesInUse())
        .isEmpty();
  }

  @Test
  void badValuesAreErrorsWithTheirLineAndFix() {
    assertProblem("mode = \"bind\"", "mode");
    assertProblem("mode = \"unbound\"\nforward_to = [\"ns1.example.net\"]", "IP address");
    assertProblem("mode = \"unbound\"\nforward_to = [\"192.0.2.1@70000\"]", "out of range");
    assertProblem("mode = \"unbound\"\ntrust_anchors = [\"example.org. IN A 192.0.2.1\"]", "DS");
    assertProblem("mode = \"unbound\"\ntrust_anchors = [\"x. IN DS 1 2 3 \\\"4\\\"\"]", "quotes");
    assertProblem("forward_to = [\"192.0.2.53\"]", "mode = \"unbound\"");
    assertProblem("mode = \"system\"\ntrust_anchors = [\"x. IN DS 1 13 2 AB\"]", "unbound");
  }

  private void assertProblem(String body, String inMessageOrHint) {
    List<Problem> problems = Fixture.problems(dir, "[resolver]\n" + body + "\n" + Fixture.HOST);
    assertThat(problems).as(body).hasSize(1);
    assertThat(problems.get(0).line()).as(problems.toString()).isBetween(2, 3);
    assertThat(problems.get(0).message() + " " + problems.get(0).hint())
        .as(problems.toString())
        .contains(inMessageOrHint);
  }
}
