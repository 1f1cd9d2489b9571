package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6186 SRV records: optional, but when published they must point at the serving hosts. */
class ClientSrvTest {
  private static final List<String> HOSTS = List.of("mx1.example.com", "mx2.example.com");

  @Test
  void noneIsOnlyInformationWithEveryLineToPublish() {
    Check c = ClientSrv.check(new FakeDns(), "example.com", HOSTS);
    assertThat(c.status()).isEqualTo(Status.INFO);
    assertThat(c.fix().lines())
        .hasSize(8)
        .contains(
            "_submissions._tcp.example.com. 3600 IN SRV 10 1 465 mx1.example.com.",
            "_submission._tcp.example.com. 3600 IN SRV 20 1 587 mx2.example.com.",
            "_imaps._tcp.example.com. 3600 IN SRV 10 1 993 mx1.example.com.",
            "_imap._tcp.example.com. 3600 IN SRV 20 1 143 mx2.example.com.");
  }

  @Test
  void allFourPointingAtTheHostsPass() {
    FakeDns dns = new FakeDns();
    for (ClientSrv.Service s : ClientSrv.SERVICES) {
      dns.add(
          s.name("example.com"), RecordType.SRV, ClientSrv.data(s, HOSTS).toArray(String[]::new));
    }
    assertThat(ClientSrv.check(dns, "example.com", HOSTS).status()).isEqualTo(Status.OK);
  }

  @Test
  void aMissingOrStrayRecordIsAWarningNamingIt() {
    FakeDns dns = new FakeDns();
    dns.add("_submissions._tcp.example.com", RecordType.SRV, "10 1 465 mx1.example.com");
    dns.add("_submission._tcp.example.com", RecordType.SRV, "0 1 587 old.example.net");
    Check c = ClientSrv.check(dns, "example.com", List.of("mx1.example.com"));
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message())
        .contains("missing _imaps._tcp, _imap._tcp")
        .contains("_submission._tcp -> 0 1 587 old.example.net");
    assertThat(c.fix())
        .contains("_submission._tcp.example.com. 3600 IN SRV 10 1 587 mx1.example.com.")
        .doesNotContain("_submissions._tcp");
  }

  @Test
  void aFailedLookupSaysSoAndClaimsNothing() {
    FakeDns dns =
        new FakeDns()
            .answer("_imap._tcp.example.com", RecordType.SRV, new DnsAnswer.Failure("timeout"));
    Check c = ClientSrv.check(dns, "example.com", HOSTS);
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message()).contains("could not look up _imap._tcp.example.com (timeout)");
  }
}
