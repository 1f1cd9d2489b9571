package dev.mailpush.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify's view of the web server, against a JDK HTTPS server on loopback: the policy must be the
 * inventory's and name the host, the autoconfig file must name the host's servers with TLS, and a
 * certificate for another name is refused with the fix.
 */
class WebProbeTest {
  static final String POLICY = "version: STSv1\nmode: testing\nmx: mx1.a.test\nmax_age: 86400\n";
  static final String XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <clientConfig version="1.1"><emailProvider id="a.test"><domain>a.test</domain>
      <incomingServer type="imap"><hostname>%s</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
      <outgoingServer type="smtp"><hostname>%s</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
      </emailProvider></clientConfig>
      """;

  @TempDir Path dir;

  /** Serves {@code body} at {@code path} (404 elsewhere) with a certificate for {@code name}. */
  private Check probe(String certName, String path, String body, WebSite site) throws IOException {
    TestCert cert = TestCert.valid(certName);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
    server.createContext(
        "/",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          boolean found = ex.getRequestURI().getPath().equals(path);
          ex.sendResponseHeaders(found ? 200 : 404, found ? b.length : -1);
          if (found) {
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    server.start();
    try {
      Target t =
          new Target(
              "mx1",
              "mx1.a.test",
              "127.0.0.1",
              PortMap.parse(List.of("443=" + server.getAddress().getPort())),
              false,
              List.of("a.test"),
              List.of("alice"),
              1024);
      Trust trust = Trust.pemOnly(cert.writeCertPem(dir.resolve("ca.pem")));
      return new WebProbe(trust, Duration.ofSeconds(5)).probe(t, site).get(0);
    } finally {
      server.stop(0);
    }
  }

  private static WebSite policy(String expected) {
    return new WebSite(List.of("a.test"), Optional.of(expected), "abc", false);
  }

  private static final WebSite AUTOCONFIG =
      new WebSite(List.of("a.test"), Optional.empty(), "", true);

  @Test
  void theInventorysPolicyServedOverTrustedHttpsPasses() throws IOException {
    Check c = probe("mta-sts.a.test", WebProbe.POLICY_PATH, POLICY, policy(POLICY));
    assertThat(c.status()).as(c.toString()).isEqualTo(Status.OK);
    assertThat(c.check()).isEqualTo("mta-sts-policy");
  }

  @Test
  void anotherPolicyOrOneWithoutTheHostFails() throws IOException {
    Check stale =
        probe(
            "mta-sts.a.test",
            WebProbe.POLICY_PATH,
            POLICY,
            policy(POLICY.replace("testing", "enforce")));
    assertThat(stale.status()).isEqualTo(Status.FAIL);
    assertThat(stale.fix()).contains("mailpush deploy --limit mx1").contains("dns apply");
    String elsewhere = POLICY.replace("mx1.a.test", "mx9.b.test");
    Check wrongMx = probe("mta-sts.a.test", WebProbe.POLICY_PATH, elsewhere, policy(elsewhere));
    assertThat(wrongMx.status()).isEqualTo(Status.FAIL);
    assertThat(wrongMx.message()).contains("lists no mx matching mx1.a.test");
  }

  @Test
  void aMissingPolicyOrACertificateForAnotherNameFails() throws IOException {
    Check missing = probe("mta-sts.a.test", "/elsewhere", POLICY, policy(POLICY));
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.message()).contains("answers HTTP 404");
    Check name = probe("mx1.a.test", WebProbe.POLICY_PATH, POLICY, policy(POLICY));
    assertThat(name.status()).isEqualTo(Status.FAIL);
    assertThat(name.message()).contains("not mta-sts.a.test");
    assertThat(name.fix()).contains("mailpush certs").contains("must name mta-sts.a.test");
  }

  @Test
  void theAutoconfigFileMustNameTheHostsServersWithTls() throws IOException {
    Check ok =
        probe(
            "autoconfig.a.test",
            WebProbe.AUTOCONFIG_PATH,
            XML.formatted("mx1.a.test", "mx1.a.test"),
            AUTOCONFIG);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(Status.OK);
    assertThat(ok.found()).contains("imap mx1.a.test:993 SSL", "smtp mx1.a.test:465 SSL");
    Check other =
        probe(
            "autoconfig.a.test",
            WebProbe.AUTOCONFIG_PATH,
            XML.formatted("mx1.a.test", "smtp.elsewhere.test"),
            AUTOCONFIG);
    assertThat(other.status()).isEqualTo(Status.FAIL);
    Check notXml = probe("autoconfig.a.test", WebProbe.AUTOCONFIG_PATH, "<<", AUTOCONFIG);
    assertThat(notXml.status()).isEqualTo(Status.FAIL);
  }
}
