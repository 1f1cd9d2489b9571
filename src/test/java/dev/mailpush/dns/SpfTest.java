package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpfTest {
  private static final String IP = "203.0.113.10";

  private static InetAddress ip(String s) {
    return Names.ipLiteral(s).orElseThrow();
  }

  private static FakeDns base() {
    return new FakeDns()
        .add("example.com", RecordType.MX, "10 mail.example.com")
        .add("mail.example.com", RecordType.A, IP);
  }

  @Test
  void parsesMechanismsModifiersAndPrefixes() {
    SpfRecord r =
        SpfRecord.parse(
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a:mail.example.com/28 mx//64 "
                + "include:_spf.example.net ~all exp=explain.example.com");
    assertThat(r.mechanisms())
        .extracting(SpfRecord.Mechanism::toString)
        .containsExactly(
            "ip4:192.0.2.0/24",
            "ip6:2001:db8::/32",
            "a:mail.example.com/28",
            "mx//64",
            "include:_spf.example.net",
            "~all");
    assertThat(r.modifier("exp")).contains("explain.example.com");
    assertThat(r.withBeforeAll("ip4:" + IP))
        .isEqualTo(
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                + "a:mail.example.com/28 mx//64 include:_spf.example.net ip4:"
                + IP
                + " ~all exp=explain.example.com");
  }

  @Test
  void rejectsBadSyntax() {
    assertThatThrownBy(() -> SpfRecord.parse("v=spf1 ip4:300.1.1.1 -all"))
        .hasMessageContaining("ip4");
    assertThatThrownBy(() -> SpfRecord.parse("v=spf1 include -all"))
        .hasMessageContaining("needs a domain");
    assertThatThrownBy(() -> SpfRecord.parse("v=spf1 foo:bar -all"))
        .hasMessageContaining("unknown mechanism");
    assertThatThrownBy(() -> SpfRecord.parse("v=spf1 redirect=a.example redirect=b.example"))
        .hasMessageContaining("more than one");
    assertThat(SpfRecord.isSpf("v=spf10 -all")).isFalse();
  }

  @Test
  void evaluatesMxIncludeRedirectAndIpRanges() {
    FakeDns dns =
        base()
            .add("example.com", RecordType.TXT, "v=spf1 include:_spf.example.net -all")
            .add(
                "_spf.example.net",
                RecordType.TXT,
                "v=spf1 ip4:198.51.100.0/24 redirect=_spf2.example.net")
            .add("_spf2.example.net", RecordType.TXT, "v=spf1 mx:example.com ?all");
    SpfEvaluator spf = new SpfEvaluator(dns);
    // the include's ?all is neutral: not a match, so -all decides
    assertThat(spf.checkHost(ip("198.51.100.7"), "example.com").result())
        .isEqualTo(SpfEvaluator.Result.PASS);
    assertThat(spf.checkHost(ip("192.0.2.1"), "example.com").result())
        .isEqualTo(SpfEvaluator.Result.FAIL);
    dns.add("example.org", RecordType.TXT, "v=spf1 redirect=_spf2.example.net");
    SpfEvaluator.Evaluation e = spf.checkHost(ip(IP), "example.org");
    assertThat(e.result()).isEqualTo(SpfEvaluator.Result.PASS);
    assertThat(e.lookups()).isEqualTo(2);
    assertThat(Cidr.inNetwork(ip("2001:db8::5"), ip("2001:db8::"), 32)).isTrue();
    assertThat(Cidr.inNetwork(ip("2001:db9::5"), ip("2001:db8::"), 32)).isFalse();
  }

  @Test
  void checkPassesForACorrectRecord() {
    FakeDns dns =
        base().add("example.com", RecordType.TXT, "v=spf1 mx -all", "google-site-verification=x");
    Check c = SpfCheck.check(dns, "example.com");
    assertThat(c.status()).as(c.toString()).isEqualTo(Status.OK);
    Check h = SpfCheck.checkHost(dns, "example.com", "mx1", "mail.example.com", List.of(ip(IP)));
    assertThat(h.status()).as(h.toString()).isEqualTo(Status.OK);
    assertThat(h.found()).contains("pass (mx)");
  }

  @Test
  void missingRecordGetsTheLineToPublish() {
    Check c = SpfCheck.check(base(), "example.com");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.fix()).isEqualTo("example.com. 3600 IN TXT \"v=spf1 mx -all\"");
  }

  @Test
  void twoRecordsFail() {
    FakeDns dns = base().add("example.com", RecordType.TXT, "v=spf1 mx -all", "v=spf1 a -all");
    Check c = SpfCheck.check(dns, "example.com");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("2 SPF records");
  }

  @Test
  void moreThanTenLookupsCountedThroughIncludesFail() {
    FakeDns dns =
        base()
            .add(
                "example.com",
                RecordType.TXT,
                "v=spf1 mx include:a.example.net include:b.example.net -all")
            .add(
                "a.example.net",
                RecordType.TXT,
                "v=spf1 a:x1.example.net a:x2.example.net a:x3.example.net a:x4.example.net ~all")
            .add(
                "b.example.net",
                RecordType.TXT,
                "v=spf1 a:x5.example.net a:x6.example.net a:x7.example.net a:x8.example.net ~all");
    for (int i = 1; i <= 8; i++) {
      dns.add("x" + i + ".example.net", RecordType.A, "192.0.2." + i);
    }
    Check c = SpfCheck.check(dns, "example.com");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("11 DNS-querying terms");
    assertThat(c.fix()).contains("flatten");
  }

  @Test
  void moreThanTwoVoidLookupsFail() {
    FakeDns dns =
        base()
            .add(
                "example.com",
                RecordType.TXT,
                "v=spf1 mx a:gone1.example.net a:gone2.example.net exists:gone3.example.net -all");
    Check c = SpfCheck.check(dns, "example.com");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("3 void lookups");
    // evaluation for an address none of them matches hits the limit too
    SpfEvaluator.Evaluation e = new SpfEvaluator(dns).checkHost(ip("192.0.2.99"), "example.com");
    assertThat(e.result()).isEqualTo(SpfEvaluator.Result.PERMERROR);
  }

  @Test
  void plusAllFailsAndMissingAllWarns() {
    Check plus =
        SpfCheck.check(base().add("example.com", RecordType.TXT, "v=spf1 mx +all"), "example.com");
    assertThat(plus.status()).isEqualTo(Status.FAIL);
    assertThat(plus.fix()).isEqualTo("example.com. 3600 IN TXT \"v=spf1 mx -all\"");
    Check none =
        SpfCheck.check(base().add("example.com", RecordType.TXT, "v=spf1 mx"), "example.com");
    assertThat(none.status()).isEqualTo(Status.WARN);
    Check soft =
        SpfCheck.check(base().add("example.com", RecordType.TXT, "v=spf1 mx ~all"), "example.com");
    assertThat(soft.status()).isEqualTo(Status.OK);
  }

  @Test
  void hostNotAuthorisedGetsItsAddressAdded() {
    FakeDns dns = base().add("example.com", RecordType.TXT, "v=spf1 ip4:192.0.2.1 ~all");
    Check h = SpfCheck.checkHost(dns, "example.com", "mx1", "mail.example.com", List.of(ip(IP)));
    assertThat(h.status()).isEqualTo(Status.FAIL);
    assertThat(h.fix())
        .isEqualTo("example.com. 3600 IN TXT \"v=spf1 ip4:192.0.2.1 ip4:" + IP + " ~all\"");
  }

  @Test
  void resolverFailureIsTempErrorNotAMissingRecord() {
    FakeDns dns = base().answer("example.com", RecordType.TXT, new DnsAnswer.Failure("timeout"));
    Check c = SpfCheck.check(dns, "example.com");
    assertThat(c.status()).isEqualTo(Status.FAIL);
    assertThat(c.message()).contains("could not look up");
    assertThat(c.fix()).isNull();
  }
}
