package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.inventory.MtaStsPolicy;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TestInventory;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * MTA-STS and client autoconfig end to end on a Debian 13 host: Pebble issues the certificate with
 * the extra names mta-sts.web.test and autoconfig.web.test (HTTP-01 on the host's port 80, which
 * nginx leaves free); curl fetches the policy and the settings over HTTPS trusting only Pebble's
 * root; dns apply publishes the policy's id on knotd (TSIG) and a second run sends nothing; a mail
 * client set up only from the fetched XML, the address and the password logs in and sends a message
 * that arrives; verify passes, and fails once nginx stops; switching to enforce changes the id, and
 * dns apply follows.
 */
@RequiresDocker(suites = {"trixie"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MtaStsE2ETest {
  static final String DOMAIN = "web.test";
  static final String HOSTNAME = "mx.web.test";
  static final String MTA_STS = "mta-sts." + DOMAIN;
  static final String AUTOCONFIG = "autoconfig." + DOMAIN;
  static final String PASSWORD = "correct horse battery staple";
  static final int[] PORTS = {80, 443, 25, 465, 587, 143, 993};

  @TempDir static Path dir;
  static TargetHost host;
  static Pebble pebble;
  static KnotServer knot;
  static Path pebbleRoot;
  static TestInventory testing;
  static Path withDns;

  @BeforeAll
  static void start() throws Exception {
    host = TargetHost.builder("trixie").publish(PORTS).hostname(HOSTNAME).start();
    pebble = Pebble.start(dir.resolve("pebble"), host.mappedPort(80));
    for (String name : List.of(HOSTNAME, MTA_STS, AUTOCONFIG)) {
      pebble.addA(name, "127.0.0.1");
    }
    pebbleRoot = dir.resolve("pebble-root.pem");
    Files.writeString(pebbleRoot, pebble.rootPem());
    testing = inventory("testing", "testing");
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = Base64.getEncoder().encodeToString(raw);
    Path keyFile = dir.resolve("tsig.key");
    Files.writeString(keyFile, secret + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> zones = KnotServer.zones();
    zones.put(DOMAIN, "");
    zones.put("0.0.127.in-addr.arpa", "1 IN PTR " + HOSTNAME + ".");
    zones.put("bl.test", "2.0.0.127 IN A 127.0.0.2");
    // On the bridge address: the host resolves web.test there too (its MTA-STS resolver does).
    String gateway = host.defaultGateway();
    knot = KnotServer.acceptingUpdates(dir.resolve("knot"), zones, gateway, "mailpush", secret);
    host.resolveZonesVia(gateway, knot.port(), List.of(DOMAIN));
    withDns = withDns(testing, keyFile);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {knot, pebble, host}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the others still close
      }
    }
  }

  static TestInventory inventory(String name, String mode) {
    String hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
    return TestInventory.builder(dir.resolve(name))
        .host("mx", HOSTNAME, host)
        .extraToml(
            String.join(
                "\n",
                "[mail]",
                "virtual_domains = [\"" + DOMAIN + "\"]",
                "enable_antispam = false",
                "enable_spf_check = false",
                "enable_dmarc_check = false",
                "enable_fail2ban = false",
                "mta_sts = \"" + mode + "\"",
                "autoconfig = true",
                "mta_sts_outbound = true",
                "[mail.virtual_addresses]",
                "\"alice@" + DOMAIN + "\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \"" + hash + "\"",
                "[tls]",
                "mode = \"acme\"",
                "acme_directory = \"" + pebble.directoryUrl() + "\"",
                "acme_ca_cert = \"" + pebble.httpsCaPem() + "\"",
                "acme_email = \"postmaster@" + DOMAIN + "\"",
                "acme_accept_terms = true"))
        .write();
  }

  static Path withDns(TestInventory inv, Path keyFile) throws IOException {
    Path file = inv.file().resolveSibling("inventory-dns.toml");
    Files.writeString(
        file,
        Files.readString(inv.file())
            + "\n[dns]\nserver = \""
            + knot.resolver()
            + "\"\ntsig_key_name = \"mailpush\"\ntsig_secret_file = \""
            + keyFile
            + "\"\n");
    return file;
  }

  @Test
  @Order(1)
  void deployServesThePolicyWithACertificateNamingTheExtraNames() throws Exception {
    CliRun deploy = CliRun.of("deploy", testing.file().toString(), "--json");
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    List<X509Certificate> chain = hostChain();
    assertThat(CertificateInfo.of(chain.get(0), chain.size()).dnsNames())
        .containsExactly(HOSTNAME, MTA_STS, AUTOCONFIG);

    Curl policy = curl("https://" + MTA_STS + "/.well-known/mta-sts.txt");
    System.out.println("---- curl https://" + MTA_STS + "/.well-known/mta-sts.txt\n" + policy);
    assertThat(policy.status()).as("right after deploy: " + policy).isEqualTo(200);
    assertThat(policy.body())
        .isEqualTo("version: STSv1\nmode: testing\nmx: " + HOSTNAME + "\nmax_age: 86400\n");
    assertThat(policy.headers()).containsIgnoringCase("server: nginx\r").doesNotContain("nginx/");

    assertThat(curl("https://" + MTA_STS + "/").status()).isEqualTo(404);
    assertThat(curl("https://" + MTA_STS + "/.well-known/").status()).isEqualTo(404);
    assertThat(curl("https://" + AUTOCONFIG + "/.well-known/mta-sts.txt").status())
        .as("the policy only under its own name")
        .isEqualTo(404);
    Curl plain =
        run(
            "curl",
            "-sS",
            "-i",
            "--connect-to",
            MTA_STS + ":80:127.0.0.1:" + host.mappedPort(80),
            "http://" + MTA_STS + "/.well-known/mta-sts.txt");
    assertThat(plain.exit()).as("nothing listens on port 80: " + plain).isNotZero();
    assertThat(plain.body()).doesNotContain("STSv1");

    CliRun again = CliRun.of("deploy", testing.file().toString(), "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.recap().path("hosts").path("mx").path("changed").asInt())
        .as("a second deploy changes nothing: " + again)
        .isZero();
  }

  @Test
  @Order(2)
  void dnsApplyPublishesTheIdOfTheServedPolicyAndASecondRunSendsNothing() throws Exception {
    String served = curl("https://" + MTA_STS + "/.well-known/mta-sts.txt").body();
    CliRun check = CliRun.of("dns", "apply", withDns.toString(), "--check");
    System.out.println("---- mailpush dns apply --check\n" + check.out());
    assertThat(check.out()).contains("_mta-sts." + DOMAIN + ". 3600 IN TXT \"v=STSv1; id=");
    CliRun first = CliRun.of("dns", "apply", withDns.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    long afterFirst = knot.updates();
    assertThat(afterFirst).isEqualTo(1);
    assertThat(knot.values("_mta-sts." + DOMAIN, "TXT"))
        .containsExactly("v=STSv1; id=" + MtaStsPolicy.idOf(served));
    assertThat(knot.values(MTA_STS, "A")).containsExactly("127.0.0.1");
    assertThat(knot.values(AUTOCONFIG, "A")).containsExactly("127.0.0.1");
    assertThat(knot.values("_smtp._tls." + DOMAIN, "TXT"))
        .containsExactly("v=TLSRPTv1; rua=mailto:postmaster@" + DOMAIN);
    CliRun again = CliRun.of("dns", "apply", withDns.toString());
    assertThat(again.out()).contains("every zone is up to date: no update sent");
    assertThat(knot.updates()).as("a second run sends nothing").isEqualTo(afterFirst);
    System.out.printf(
        "---- knotd: %d update(s) by the first run, %d by the second%n",
        afterFirst, knot.updates() - afterFirst);

    Map<String, JsonNode> report = dnsReport();
    assertThat(report.get(DOMAIN + "/mta-sts").path("status").asText()).isEqualTo("ok");
    assertThat(report.get(DOMAIN + "/client-srv").path("status").asText()).isEqualTo("ok");
  }

  @Test
  @Order(3)
  void aMailClientSetUpFromTheAutoconfigFileAloneReadsAndSendsMail() throws Exception {
    String address = "alice@" + DOMAIN;
    Curl xml =
        curl("https://" + AUTOCONFIG + "/mail/config-v1.1.xml?emailaddress=alice%40" + DOMAIN);
    System.out.println("---- curl https://" + AUTOCONFIG + "/mail/config-v1.1.xml\n" + xml.body());
    assertThat(xml.status()).isEqualTo(200);
    assertThat(xml.headers()).containsPattern("(?i)content-type: (text|application)/xml");

    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.body().getBytes(StandardCharsets.UTF_8)));
    Server imap = first(doc, "incomingServer", "imap", "SSL");
    Server smtp = first(doc, "outgoingServer", "smtp", "SSL");
    // What a client takes from the file: server, port, TLS from the first byte, login.
    assertThat(imap.hostname()).isEqualTo(HOSTNAME);
    String login = fill(imap.username(), address);

    Map<Integer, Integer> published = new LinkedHashMap<>();
    for (Server srv : List.of(imap, smtp)) {
      published.put(srv.port(), host.mappedPort(srv.port()));
    }
    try (ConnectProxy proxy = new ConnectProxy(published)) {
      Properties p = new Properties();
      SSLContext trust = pebbleTrust();
      for (String proto : List.of("imaps", "smtps")) {
        p.put("mail." + proto + ".proxy.host", "127.0.0.1");
        p.put("mail." + proto + ".proxy.port", String.valueOf(proxy.port()));
        p.put("mail." + proto + ".ssl.socketFactory", trust.getSocketFactory());
        p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        p.put("mail." + proto + ".connectiontimeout", "5000");
        p.put("mail." + proto + ".timeout", "20000");
      }
      p.put("mail.smtps.auth", "true");
      Session session = Session.getInstance(p);
      String token = UUID.randomUUID().toString();
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(address));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(address));
      m.setSubject("autoconfig " + token);
      m.setText("set up from config-v1.1.xml\n");
      try (Transport t = session.getTransport("smtps")) {
        t.connect(smtp.hostname(), smtp.port(), fill(smtp.username(), address), PASSWORD);
        t.sendMessage(m, m.getAllRecipients());
      }
      try (Store store = session.getStore("imaps")) {
        store.connect(imap.hostname(), imap.port(), login, PASSWORD);
        boolean arrived = false;
        for (int i = 0; i < 60 && !arrived; i++) {
          Folder inbox = store.getFolder("INBOX");
          inbox.open(Folder.READ_ONLY);
          for (Message got : inbox.getMessages()) {
            arrived |= got.getSubject() != null && got.getSubject().contains(token);
          }
          inbox.close(false);
          if (!arrived) {
            Thread.sleep(500);
          }
        }
        assertThat(arrived).as("the message sent over submission arrives in INBOX").isTrue();
      }
    }
  }

  @Test
  @Order(4)
  void verifyFetchesBothOverHttpsAndFailsWhenTheWebServerStops() throws Exception {
    Map<String, JsonNode> ok = verify();
    assertThat(ok.get("-/mta-sts-policy").path("status").asText())
        .as(ok.get("-/mta-sts-policy").toString())
        .isEqualTo("ok");
    assertThat(ok.get("-/autoconfig").path("status").asText())
        .as(ok.get("-/autoconfig").toString())
        .isEqualTo("ok");
    assertThat(ok.get("-/client-srv").path("status").asText())
        .as("the SRV records dns apply wrote, through --resolver: " + ok.get("-/client-srv"))
        .isEqualTo("ok");
    host.exec("systemctl", "stop", "nginx");
    try {
      Map<String, JsonNode> down = verify();
      JsonNode policy = down.get("-/mta-sts-policy");
      System.out.println("---- verify with nginx stopped: " + policy);
      assertThat(policy.path("status").asText()).isEqualTo("fail");
      assertThat(policy.path("fix").asText()).contains("systemctl status nginx");
      assertThat(down.get("-/autoconfig").path("status").asText()).isEqualTo("fail");
    } finally {
      host.exec("systemctl", "start", "nginx");
    }
  }

  @Test
  @Order(5)
  void enforceChangesThePolicyAndItsIdAndDnsApplyFollows() throws Exception {
    String before = knot.values("_mta-sts." + DOMAIN, "TXT").get(0);
    TestInventory enforce = inventory("enforce", "enforce");
    Path enforceDns = withDns(enforce, dir.resolve("tsig.key"));
    CliRun deploy = CliRun.of("deploy", enforce.file().toString(), "--json");
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    String served = curl("https://" + MTA_STS + "/.well-known/mta-sts.txt").body();
    assertThat(served).contains("mode: enforce\n").contains("max_age: 604800\n");

    Map<String, JsonNode> stale = dnsReport(enforceDns);
    assertThat(stale.get(DOMAIN + "/mta-sts").path("status").asText()).isEqualTo("fail");
    assertThat(stale.get(DOMAIN + "/mta-sts").path("fix").asText())
        .contains("v=STSv1; id=" + MtaStsPolicy.idOf(served));

    long updates = knot.updates();
    CliRun apply = CliRun.of("dns", "apply", enforceDns.toString());
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(knot.updates() - updates).isEqualTo(1);
    String after = knot.values("_mta-sts." + DOMAIN, "TXT").get(0);
    assertThat(after).isEqualTo("v=STSv1; id=" + MtaStsPolicy.idOf(served)).isNotEqualTo(before);
    System.out.println("---- _mta-sts: testing " + before + " -> enforce " + after);
    assertThat(dnsReport(enforceDns).get(DOMAIN + "/mta-sts").path("status").asText())
        .isEqualTo("ok");
  }

  /**
   * Outbound: the host's postfix-mta-sts-resolver, asked as Postfix asks it, finds web.test's
   * policy through the host's DNS (knotd) and fetches it from this host's nginx over HTTPS
   * (Pebble's root stands for a public CA in the host's trust store): mail to web.test would leave
   * only over verified TLS to mx.web.test. A domain without a policy gets no answer.
   */
  @Test
  @Order(6)
  void theHostsOwnMtaStsResolverEnforcesAPublishedPolicy() throws Exception {
    assertThat(host.exec("postconf", "-h", "smtp_tls_policy_maps").stdout().strip())
        .isEqualTo("socketmap:inet:127.0.0.1:8461:postfix");
    host.execWithInput(
        Files.readString(pebbleRoot),
        "sh",
        "-c",
        "cat > /usr/local/share/ca-certificates/pebble-test-root.crt && update-ca-certificates >/dev/null");
    String answer = "";
    for (int i = 0; i < 30 && !answer.startsWith("secure"); i++) {
      answer =
          host.exec("postmap", "-q", DOMAIN, "socketmap:inet:127.0.0.1:8461:postfix")
              .stdout()
              .strip();
      if (!answer.startsWith("secure")) {
        Thread.sleep(1000);
      }
    }
    System.out.println(
        "---- postmap -q " + DOMAIN + " socketmap:inet:127.0.0.1:8461:postfix\n" + answer);
    assertThat(answer).startsWith("secure match=" + HOSTNAME);
    var none =
        host.exec("postmap", "-q", "elsewhere.test", "socketmap:inet:127.0.0.1:8461:postfix");
    assertThat(none.stdout().strip()).as("no policy, no answer").isEmpty();
  }

  // ---- helpers

  record Curl(int exit, int status, String headers, String body) {}

  record Server(String type, String hostname, int port, String socketType, String username) {}

  static Curl curl(String url) {
    String name = url.replaceFirst("^https://", "").replaceFirst("/.*", "");
    return run(
        "curl",
        "-sS",
        "-i",
        "--cacert",
        pebbleRoot.toString(),
        "--connect-to",
        name + ":443:127.0.0.1:" + host.mappedPort(443),
        url);
  }

  static Curl run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      int split = out.indexOf("\r\n\r\n");
      if (exit != 0 || split < 0) {
        return new Curl(exit, 0, "", out);
      }
      String headers = out.substring(0, split + 2);
      return new Curl(
          exit, Integer.parseInt(headers.split(" ")[1]), headers, out.substring(split + 4));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Server first(Document doc, String tag, String type, String socketType) {
    var list = doc.getElementsByTagName(tag);
    for (int i = 0; i < list.getLength(); i++) {
      Element e = (Element) list.item(i);
      Server s =
          new Server(
              e.getAttribute("type"),
              text(e, "hostname"),
              Integer.parseInt(text(e, "port")),
              text(e, "socketType"),
              text(e, "username"));
      if (s.type().equals(type) && s.socketType().equals(socketType)) {
        return s;
      }
    }
    throw new AssertionError("no " + tag + " " + type + " " + socketType + " in the file");
  }

  /** The placeholders of a settings file, as Thunderbird fills them from the address. */
  static String fill(String value, String address) {
    int at = address.indexOf('@');
    return value
        .replace("%EMAILADDRESS%", address)
        .replace("%EMAILLOCALPART%", address.substring(0, at))
        .replace("%EMAILDOMAIN%", address.substring(at + 1));
  }

  static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().strip();
  }

  static SSLContext pebbleTrust() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry(
        "pebble-root",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(Files.newInputStream(pebbleRoot)));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * An HTTP CONNECT proxy on loopback, as a mail client behind one uses it: the client asks for the
   * settings file's host name and port, the proxy connects to the container's published port for
   * that port (the names resolve nowhere here). TLS runs end to end between client and server, so
   * SNI and the certificate check see the file's host name.
   */
  static final class ConnectProxy implements AutoCloseable {
    private final java.net.ServerSocket server;
    private final Map<Integer, Integer> ports;

    ConnectProxy(Map<Integer, Integer> ports) throws IOException {
      this.ports = ports;
      this.server = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "connect-proxy");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread t = new Thread(() -> serve(client), "connect-proxy-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket client) {
      try (client) {
        var in = client.getInputStream();
        String request = line(in);
        while (!line(in).isEmpty()) {
          // headers
        }
        int port = Integer.parseInt(request.split(" ")[1].replaceFirst(".*:", ""));
        try (Socket upstream = new Socket("127.0.0.1", ports.getOrDefault(port, port))) {
          client
              .getOutputStream()
              .write(
                  "HTTP/1.1 200 Connection established\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          Thread back =
              new Thread(
                  () -> {
                    try {
                      upstream.getInputStream().transferTo(client.getOutputStream());
                      client.shutdownOutput();
                    } catch (IOException e) {
                      // the other side closed
                    }
                  });
          back.setDaemon(true);
          back.start();
          in.transferTo(upstream.getOutputStream());
          upstream.shutdownOutput();
          back.join(20000);
        }
      } catch (IOException | RuntimeException e) {
        // a broken connection fails the client, which the test sees
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static String line(java.io.InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  static Map<String, JsonNode> dnsReport() {
    return dnsReport(withDns);
  }

  static Map<String, JsonNode> dnsReport(Path inventory) {
    CliRun report =
        CliRun.of(
            "dns-report",
            inventory.toString(),
            "--resolver",
            knot.resolver(),
            "--dnsbl",
            "bl.test",
            "--json");
    System.out.println("---- mailpush dns-report\n" + report.out());
    List<JsonNode> events = report.events();
    JsonNode summary = events.get(events.size() - 1);
    Map<String, JsonNode> checks = checks(report);
    if (checks.get(DOMAIN + "/mta-sts").path("status").asText().equals("ok")) {
      assertThat(summary.get("fail").asInt()).as(report.out()).isZero();
    }
    return checks;
  }

  /** verify's checks by "-/check" (verify's lines carry no domain field). */
  static Map<String, JsonNode> verify() {
    StringBuilder map = new StringBuilder();
    for (int p : PORTS) {
      if (p != 80) {
        map.append(map.length() == 0 ? "" : ",").append(p).append('=').append(host.mappedPort(p));
      }
    }
    CliRun run =
        CliRun.of(
            "verify",
            testing.file().toString(),
            "--connect",
            "127.0.0.1",
            "--port-map",
            map.toString(),
            "--ca-file",
            pebbleRoot.toString(),
            "--resolver",
            knot.resolver(),
            "--json");
    run.events().stream()
        .filter(e -> e.path("check").asText().matches("mta-sts-policy|autoconfig|client-srv"))
        .forEach(e -> System.out.println("---- verify: " + e));
    return checks(run);
  }

  static Map<String, JsonNode> checks(CliRun run) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    run.events().stream()
        .filter(e -> e.path("type").asText().equals("check"))
        .forEach(e -> m.put(e.path("domain").asText("-") + "/" + e.path("check").asText(), e));
    return m;
  }

  static List<X509Certificate> hostChain() throws Exception {
    String pem = host.exec("cat", "/etc/mailpush/tls/fullchain.pem").stdout();
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
  }
}
