package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.AlertsConfig;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.ResolverConfig;
import dev.mailpush.inventory.WebConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code dns-resolver}: outbound DANE is real only with the host's own validating resolver. */
class ResolverCheckTest {
  private static HostConfig with(ResolverConfig resolver) {
    HostConfig h = WebRecordsTest.host(new WebConfig(WebConfig.MtaStsMode.OFF, false));
    return new HostConfig(
        h.name(),
        h.address(),
        h.hostname(),
        h.ssh(),
        h.mail(),
        h.tls(),
        Optional.empty(),
        h.vars(),
        List.of(),
        AlertsConfig.OFF,
        resolver);
  }

  @Test
  void theSystemsResolverIsNamedWithTheFixAndUnboundIsOk() {
    Check system = ResolverCheck.check(with(ResolverConfig.SYSTEM));
    assertThat(system.status()).isEqualTo(Status.INFO);
    assertThat(system.fix()).contains("mode = \"unbound\"", "[hosts.mx1.resolver]");
    Check own = ResolverCheck.check(with(new ResolverConfig(true, List.of(), List.of())));
    assertThat(own.status()).isEqualTo(Status.OK);
    assertThat(own.check()).isEqualTo("dns-resolver");
  }
}
