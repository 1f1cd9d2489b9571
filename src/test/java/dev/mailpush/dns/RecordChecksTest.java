package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.net.InetAddress;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordChecksTest {
  private static final String IP = "203.0.113.10";
  static String key;
  static String otherKey;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    otherKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
  }

  private static InetAddress ip(String s) {
    return Names.ipLiteral(s).orElseThrow();
  }

  /** opendkim-genkey's file: the key split into strings, a comment at the end. */
  static String genkeyFile(String p) {
    return "mail._domainkey\tIN\tTXT\t( \"v=DKIM1; h=sha256; k=rsa; \"\n\t  \"p="
        + p.substring(0, 200)
        + "\"\n\t  \""
        + p.substring(200)
        + "\" )  ; ----- DKIM key mail for example.com\n";
  }

  @Test
  void mx() {
    FakeDns ok =
        new FakeDns()
            .add("example.com", RecordType.MX, "10 mail.example.com", "20 backup.example.net");
    assertThat(MxCheck.check(ok, "example.com", List.of("mail.example.com")).status())
        .isEqualTo(Status.OK);
    Check missing = MxCheck.check(new FakeDns(), "example.com", List.of("mail.example.com"));
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.fix()).isEqualTo("example.com. 3600 IN MX 10 mail.example.com.");
    Check wrong =
        MxCheck.check(
            new FakeDns().add("example.com", RecordType.MX, "10 mx.elsewhere.net"),
            "example.com",
            List.of("mail.example.com"));
    assertThat(wrong.status()).isEqualTo(Status.FAIL);
    assertThat(wrong.fix()).isEqualTo("example.com. 3600 IN MX 20 mail.example.com.");
  }

  @Test
  void addressAndPtr() {
    FakeDns dns =
        new FakeDns()
            .add("mail.example.com", RecordType.A, IP)
            .add(IP, RecordType.PTR, "mail.example.com");
    assertThat(AddressCheck.check(dns, "mx1", "mail.example.com", List.of(ip(IP))).status())
        .isEqualTo(Status.OK);
    assertThat(PtrCheck.check(dns, "mx1", "mail.example.com", ip(IP)).status())
        .isEqualTo(Status.OK);

    FakeDns wrong =
        new FakeDns()
            .add("mail.example.com", RecordType.A, "192.0.2.1")
            .add(IP, RecordType.PTR, "host-10.provider.net");
    Check a = AddressCheck.check(wrong, "mx1", "mail.example.com", List.of(ip(IP)));
    assertThat(a.status()).isEqualTo(Status.FAIL);
    assertThat(a.fix()).contains("mail.example.com. 3600 IN A " + IP);
    Check ptr = PtrCheck.check(wrong, "mx1", "mail.example.com", ip(IP));
    assertThat(ptr.status()).isEqualTo(Status.FAIL);
    assertThat(ptr.fix())
        .isEqualTo(
            "ask your hosting provider to set the reverse DNS of " + IP + " to mail.example.com");
    // PTR right but the name does not resolve back
    FakeDns noBack =
        new FakeDns()
            .add("mail.example.com", RecordType.A, "192.0.2.1")
            .add(IP, RecordType.PTR, "mail.example.com");
    assertThat(PtrCheck.check(noBack, "mx1", "mail.example.com", ip(IP)).message())
        .contains("does not resolve back");
    assertThat(PtrCheck.check(new FakeDns(), "mx1", "mail.example.com", ip(IP)).status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void addressNameInInventoryIsResolved() {
    FakeDns dns =
        new FakeDns()
            .add("vps1.provider.net", RecordType.A, IP)
            .add("mail.example.com", RecordType.A, IP);
    List<String> err = new java.util.ArrayList<>();
    List<InetAddress> expected = AddressCheck.expected(dns, "vps1.provider.net", err);
    assertThat(expected).containsExactly(ip(IP));
    assertThat(AddressCheck.check(dns, "mx1", "mail.example.com", expected).status())
        .isEqualTo(Status.OK);
  }

  @Test
  void dkimMatchesTheHostKey() {
    String record = "v=DKIM1; h=sha256; k=rsa; p=" + key;
    FakeDns dns = new FakeDns().add("mail._domainkey.example.com", RecordType.TXT, record);
    Check ok =
        DkimCheck.check(
            dns, "example.com", "mx1", "mail", new DkimCheck.HostKey.File(genkeyFile(key)));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(Status.OK);

    Check mismatch =
        DkimCheck.check(
            new FakeDns()
                .add(
                    "mail._domainkey.example.com", RecordType.TXT, "v=DKIM1; k=rsa; p=" + otherKey),
            "example.com",
            "mx1",
            "mail",
            new DkimCheck.HostKey.File(genkeyFile(key)));
    assertThat(mismatch.status()).isEqualTo(Status.FAIL);
    assertThat(mismatch.message()).contains("not the host's key");
    // the fix is the host's record, split into strings of at most 255 characters
    assertThat(mismatch.fix())
        .startsWith("mail._domainkey.example.com. 3600 IN TXT \"v=DKIM1; h=sha256; k=rsa; p=");
    List<String> strings = Zone.quoted(DkimCheck.recordValue(genkeyFile(key)));
    assertThat(strings)
        .hasSizeGreaterThan(1)
        .allSatisfy(s -> assertThat(s.length() - 2).isLessThanOrEqualTo(255));
    assertThat(Zone.unquote(String.join(" ", strings)))
        .isEqualTo(DkimCheck.recordValue(genkeyFile(key)));

    Check missing =
        DkimCheck.check(
            new FakeDns(),
            "example.com",
            "mx1",
            "mail",
            new DkimCheck.HostKey.File(genkeyFile(key)));
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.fix()).contains(key.substring(0, 100));

    Check unreachable =
        DkimCheck.check(
            dns, "example.com", "mx1", "mail", new DkimCheck.HostKey.Unknown("host unreachable"));
    assertThat(unreachable.status()).isEqualTo(Status.WARN);
    assertThat(unreachable.message()).contains("valid syntax").contains("unreachable");
  }

  @Test
  void dkimSyntax() {
    assertThat(DkimCheck.syntax("v=DKIM1; k=rsa; p=" + key)).isEmpty();
    assertThat(DkimCheck.syntax("v=DKIM1; k=rsa; p=")).anyMatch(s -> s.contains("revoked"));
    assertThat(DkimCheck.syntax("k=rsa; v=DKIM1; p=" + key)).anyMatch(s -> s.contains("first"));
    assertThat(DkimCheck.syntax("v=DKIM1; k=rsa; p=not*base64"))
        .anyMatch(s -> s.contains("base64"));
    assertThat(DkimCheck.syntax("v=DKIM1; k=dsa; p=" + key)).anyMatch(s -> s.contains("k=dsa"));
    Check bad =
        DkimCheck.check(
            new FakeDns()
                .add("mail._domainkey.example.com", RecordType.TXT, "v=DKIM1; k=rsa; p=AAAA"),
            "example.com",
            "mx1",
            "mail",
            new DkimCheck.HostKey.Unknown("not asked"));
    assertThat(bad.status()).isEqualTo(Status.FAIL);
  }

  @Test
  void dmarc() {
    FakeDns ok =
        new FakeDns()
            .add(
                "_dmarc.example.com",
                RecordType.TXT,
                "v=DMARC1; p=reject; rua=mailto:d@example.com; adkim=s");
    assertThat(DmarcCheck.check(ok, "example.com").status()).isEqualTo(Status.OK);
    Check none =
        DmarcCheck.check(
            new FakeDns()
                .add(
                    "_dmarc.example.com",
                    RecordType.TXT,
                    "v=DMARC1; p=none; rua=mailto:d@example.com"),
            "example.com");
    assertThat(none.status()).isEqualTo(Status.WARN);
    assertThat(none.fix())
        .isEqualTo(
            "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:d@example.com\"");
    Check missing = DmarcCheck.check(new FakeDns(), "example.com");
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.fix())
        .isEqualTo(
            "_dmarc.example.com. 3600 IN TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@example.com\"");
    assertThat(
            DmarcCheck.check(
                    new FakeDns()
                        .add(
                            "_dmarc.example.com",
                            RecordType.TXT,
                            "v=DMARC1; rua=mailto:d@example.com"),
                    "example.com")
                .message())
        .contains("no p=");
    assertThat(
            DmarcCheck.check(
                    new FakeDns().add("_dmarc.example.com", RecordType.TXT, "v=DMARC1; p=block"),
                    "example.com")
                .status())
        .isEqualTo(Status.FAIL);
    Check pct =
        DmarcCheck.check(
            new FakeDns().add("_dmarc.example.com", RecordType.TXT, "v=DMARC1; p=reject; pct=50"),
            "example.com");
    assertThat(pct.status()).isEqualTo(Status.WARN);
    assertThat(pct.message()).contains("RFC 9989");
  }

  @Test
  void mtaStsAndTlsRptAreInfoWhenAbsent() {
    Check sts = ReportingCheck.mtaSts(new FakeDns(), "example.com", "20250101");
    assertThat(sts.status()).isEqualTo(Status.INFO);
    assertThat(sts.fix())
        .startsWith("_mta-sts.example.com. 3600 IN TXT \"v=STSv1; id=2025010101\"");
    FakeDns dns =
        new FakeDns()
            .add("_mta-sts.example.com", RecordType.TXT, "v=STSv1; id=1")
            .add("_smtp._tls.example.com", RecordType.TXT, "v=TLSRPTv1; rua=mailto:t@example.com");
    assertThat(ReportingCheck.mtaSts(dns, "example.com", "x").status()).isEqualTo(Status.OK);
    assertThat(ReportingCheck.tlsRpt(dns, "example.com").status()).isEqualTo(Status.OK);
    assertThat(
            ReportingCheck.tlsRpt(
                    new FakeDns().add("_smtp._tls.example.com", RecordType.TXT, "v=TLSRPTv1;"),
                    "example.com")
                .status())
        .isEqualTo(Status.WARN);
  }

  @Test
  void dnsbl() {
    InetAddress a = ip(IP);
    assertThat(DnsblCheck.queryName(a, "zen.spamhaus.org"))
        .isEqualTo("10.113.0.203.zen.spamhaus.org");
    assertThat(DnsblCheck.check(new FakeDns(), "mx1", a, "zen.spamhaus.org").status())
        .isEqualTo(Status.OK);
    FakeDns listed =
        new FakeDns()
            .add("10.113.0.203.zen.spamhaus.org", RecordType.A, "127.0.0.2")
            .add("10.113.0.203.zen.spamhaus.org", RecordType.TXT, "https://check.spamhaus.org/x");
    Check l = DnsblCheck.check(listed, "mx1", a, "zen.spamhaus.org");
    assertThat(l.status()).isEqualTo(Status.FAIL);
    assertThat(l.found()).contains("127.0.0.2");
    for (String refused : List.of("127.255.255.252", "127.255.255.254", "127.255.255.255")) {
      Check r =
          DnsblCheck.check(
              new FakeDns().add("10.113.0.203.zen.spamhaus.org", RecordType.A, refused),
              "mx1",
              a,
              "zen.spamhaus.org");
      assertThat(r.status()).as(refused).isEqualTo(Status.WARN);
      assertThat(r.message()).contains("refused the query").contains("not a listing");
    }
    assertThat(
            DnsblCheck.check(
                    new FakeDns()
                        .answer(
                            "10.113.0.203.zen.spamhaus.org",
                            RecordType.A,
                            new DnsAnswer.Failure("timeout")),
                    "mx1",
                    a,
                    "zen.spamhaus.org")
                .status())
        .isEqualTo(Status.WARN);
  }

  @Test
  void zoneTxtSplitsLongValues() {
    String v = "x".repeat(600);
    String line = Zone.txt("a.example.com", v);
    assertThat(line).startsWith("a.example.com. 3600 IN TXT \"" + "x".repeat(255) + "\" \"");
    assertThat(Zone.quoted(v)).hasSize(3);
    assertThat(Zone.quoted("say \"hi\"")).containsExactly("\"say \\\"hi\\\"\"");
  }
}
