package dev.mailpush.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.dns.KnotServer;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TargetHosts;
import dev.mailpush.testhosts.TestInventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mail server that {@code mailpush deploy} builds, exercised end to end with real clients on
 * Debian 11, 12 and 13 at once (one host of each in one inventory, so each release is deployed once
 * and they deploy in parallel):
 *
 * <ul>
 *   <li>deploy 1 (greylisting off): delivery to aliases and a second domain over SMTP and IMAPS,
 *       rejection of unknown recipients and of relaying, AUTH policy on 25/143, authenticated
 *       submission DKIM-signed and verified by dkimpy against the published record (the "outside"
 *       MX is {@link OutsideReceiver}, a second container that checks SPF and hands what it accepts
 *       to {@link SmtpSink} on the Docker bridge gateway), GTUBE into Junk, a user's Sieve rule;
 *   <li>deploy 2 (greylisting on, short delay, a pass list): a new triplet gets 450 then passes,
 *       pass-listed senders and authenticated submission are never greylisted;
 *   <li>re-deploy changes and restarts nothing, a hand edit is found by --check and undone by
 *       deploy, an override Postfix rejects fails the deploy and leaves the running server
 *       untouched;
 *   <li>brute force: the other two hosts play attackers against each host's IMAP and SMTP AUTH and
 *       get banned by fail2ban, while alice still logs in from this machine's address.
 * </ul>
 */
@RequiresDocker(suites = {"bullseye", "bookworm", "trixie"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailServerE2ETest {
  static final List<String> SUITES = List.of("bullseye", "bookworm", "trixie");
  static final String PASSWORD = "Alice-e2e-secret-7Qx";
  static final String PASS_DOMAIN =
      "pass.test"; // external sender domain on the greylisting pass list
  static final int GREY_DELAY = 3;
  static final Duration DELIVERY = Mx.DELIVERY;
  static final String GTUBE =
      "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

  @TempDir static Path dir;
  static TargetHosts containers;
  static final Map<String, Mx> MX = new LinkedHashMap<>();
  static final Map<String, String> LISTENING_AFTER_FIRST_DEPLOY = new ConcurrentHashMap<>();
  static SmtpSink sink;
  static OutsideReceiver receiver;
  static String gateway;
  static String hash;
  static TestInventory plain; // greylisting off
  static TestInventory grey; // greylisting on: the final configuration
  static CliRun firstDeploy;
  static CliRun greyDeploy;
  // Forwarding: the outside sender's DKIM key and the zones a receiver checks SPF against.
  static final String SENDER = "joe@" + PASS_DOMAIN;
  static DkimVerifier.Key senderKey;
  static KnotServer knot;
  static final Map<String, String> SRS_ADDRESS = new ConcurrentHashMap<>();
  // Quotas: quinn's mailbox is small, alice's has no limit.
  static final int QUINN_QUOTA_KIB = 40;

  @BeforeAll
  static void deployOnce() throws Exception {
    long t0 = System.nanoTime();
    List<TargetHost.Builder> builders = new ArrayList<>();
    for (int i = 0; i < SUITES.size(); i++) {
      builders.add(
          TargetHost.builder(SUITES.get(i))
              .publish(25, 465, 587, 143, 993)
              .hostname("mx" + (i + 1) + ".a.test"));
    }
    containers = TargetHosts.start(builders);
    for (int i = 0; i < SUITES.size(); i++) {
      MX.put(
          SUITES.get(i),
          new Mx(SUITES.get(i), "mx" + (i + 1), "mx" + (i + 1) + ".a.test", containers.get(i)));
    }
    gateway = containers.get(0).defaultGateway();
    senderKey = DkimVerifier.Key.generate();
    knot = KnotServer.start(dir.resolve("knot"), receiverZones(), gateway);
    sink = SmtpSink.start(gateway);
    receiver =
        OutsideReceiver.start(
            gateway, sink.port(), gateway, knot.port(), List.copyOf(receiverZones().keySet()));
    hash = Sha2Crypt.sha512Crypt(PASSWORD.getBytes(StandardCharsets.UTF_8));
    plain = inventory("plain", false, "");
    grey = inventory("grey", true, "");
    log(
        "containers up and inventory written in %ds; receiver %s, sink on %s:%d",
        secs(t0), receiver.address(), gateway, sink.port());

    long d0 = System.nanoTime();
    firstDeploy = CliRun.of("deploy", plain.file().toString(), "--json");
    log(
        "first deploy (both releases in parallel): exit %d in %ds",
        firstDeploy.exitCode(), secs(d0));
    receiver.awaitReady();
    log("outside receiver ready after %ds", secs(d0));
    // Before any test could restart anything: where Postfix listens right after the first deploy.
    for (Mx mx : MX.values()) {
      LISTENING_AFTER_FIRST_DEPLOY.put(mx.suite(), mx.sh("ss -ltnH 'sport = :25' 2>&1"));
    }
  }

  @AfterAll
  static void stop() {
    if (sink != null) {
      sink.close();
    }
    if (knot != null) {
      knot.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (containers != null) {
      containers.close();
    }
  }

  static TestInventory inventory(String sub, boolean greylisting, String extra) {
    TestInventory.Builder b = TestInventory.builder(dir.resolve(sub));
    for (Mx mx : MX.values()) {
      b.host(mx.name(), mx.hostname(), mx.host());
    }
    return b.extraToml(
            String.join(
                "\n",
                "[mail]",
                "server_label = \"mailpush e2e\"",
                "enable_antispam = true",
                "enable_greylisting = " + greylisting,
                "greylisting_delay = " + GREY_DELAY,
                "greylisting_pass_list = [\"" + PASS_DOMAIN + "\"]",
                // No DNS from the hosts for test domains (network rule): SPF needs real DNS.
                "enable_spf_check = false",
                "virtual_domains = [\"a.test\", \"b.test\"]",
                "dkim_selector = \"mail\"",
                "[mail.virtual_addresses]",
                "\"alias@a.test\" = \"alice\"",
                "\"alice@a.test\" = \"alice\"",
                "\"alice@b.test\" = \"alice\"",
                "\"team@a.test\" = [\"alice\", \"carol@outside.test\"]",
                "\"fwd@b.test\" = [\"dave+lists@outside.test\"]",
                // alice's name at an outside domain: never a login of the address
                "\"ext@b.test\" = [\"alice@outside.test\"]",
                "\"quinn@a.test\" = \"quinn\"",
                "\"q@b.test\" = \"quinn\"",
                "[mail.users.alice]",
                "password_hash = \"" + hash + "\"",
                "[mail.users.bob]",
                "password_hash = \"" + hash + "\"",
                "[mail.shared_mailboxes.info]",
                "users = [\"alice\", \"bob\"]",
                "addresses = [\"info@a.test\"]",
                "[mail.users.quinn]",
                "password_hash = \"" + hash + "\"",
                "quota = \"" + QUINN_QUOTA_KIB + "K\"",
                "[mail.postfix_overrides]",
                "relayhost = \"[" + receiver.address() + "]:25\"",
                "[tls]",
                "mode = \"self-signed\"",
                extra))
        .write();
  }

  // ---------------------------------------------------------------- deploy 1

  @Test
  @Order(1)
  void firstDeployConvergesBothReleases() {
    assertThat(firstDeploy.exitCode()).as(failures(firstDeploy)).isZero();
    for (Mx mx : MX.values()) {
      JsonNode r = firstDeploy.recap().get(mx.name());
      assertThat(r.get("failed").asInt()).as(mx.suite() + ": " + failures(firstDeploy)).isZero();
      assertThat(r.get("unreachable").asBoolean()).as(mx.suite()).isFalse();
      assertThat(r.get("changed").asInt()).as(mx.suite()).isPositive();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(2)
  void postfixListensOnAllInterfacesRightAfterTheFirstDeploy(String suite) {
    String ss = LISTENING_AFTER_FIRST_DEPLOY.get(suite);
    assertThat(ss).as("ss -ltn on port 25 after the first deploy").contains("0.0.0.0:25");
    assertThat(ss).as("ss -ltn on port 25 after the first deploy").contains("[::]:25");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(3)
  void dkimRecordsOfBothDomainsAreReported(String suite) {
    Mx mx = MX.get(suite);
    for (String domain : List.of("a.test", "b.test")) {
      String file = "/etc/opendkim/keys/" + domain + "/mail.txt";
      var cat = mx.host().exec("cat", file);
      assertThat(cat.exitCode()).as(file + ": " + cat.stderr()).isZero();
      String record = DkimVerifier.txtValue(cat.stdout());
      assertThat(record).as(file).startsWith("v=DKIM1").contains("p=MII");
      List<String> reported =
          firstDeploy.tasks(mx.name()).stream()
              // The report task's text is in "report" (older engines put it in "reason").
              .map(t -> t.path("report").asText("") + "\n" + t.path("reason").asText(""))
              .filter(text -> DkimVerifier.txtValue(text).contains(record))
              .toList();
      assertThat(reported)
          .as(
              "a report event of the deploy shows the "
                  + domain
                  + " record "
                  + record
                  + "; task events: "
                  + taskSummary(firstDeploy, mx.name()))
          .isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(10)
  void mailToAnAliasOfDomainAAndToDomainBReachesAlicesInbox(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t1 = token();
    String t2 = token();
    sendOn25(mx, "friend@" + PASS_DOMAIN, "alias@a.test", "alias delivery " + t1, "Hello alias.");
    sendOn25(
        mx, "friend@" + PASS_DOMAIN, "alice@b.test", "domain b delivery " + t2, "Hello domain B.");
    Imap.Found a = awaitMail(mx, "INBOX", t1);
    Imap.Found b = awaitMail(mx, "INBOX", t2);
    assertThat(a.message().getContent().toString()).contains("Hello alias.");
    assertThat(b.message().getContent().toString()).contains("Hello domain B.");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(11)
  void unknownRecipientsAndRelayingAreRejectedAtRcpt(String suite) {
    Mx mx = MX.get(suite);
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      assertThat(c.greeting().code()).isEqualTo(220);
      assertThat(c.ehlo("client.outside.test").code()).isEqualTo(250);
      assertThat(c.mailFrom("friend@" + PASS_DOMAIN).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo("nobody-" + token() + "@a.test").code())
          .as(c.transcript())
          .isEqualTo(550);
      assertThat(c.rcptTo("nobody-" + token() + "@b.test").code())
          .as(c.transcript())
          .isEqualTo(550);
      SmtpClient.Reply relay = c.rcptTo("victim@outside.test");
      assertThat(relay.code())
          .as("relaying without AUTH must be refused for good\n" + c.transcript())
          .isBetween(500, 599);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(12)
  void authIsNeverOfferedOnPort25(String suite) {
    Mx mx = MX.get(suite);
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      SmtpClient.Reply ehlo = c.ehlo("client.outside.test");
      assertThat(ehlo.code()).isEqualTo(250);
      assertThat(ehlo.lines())
          .as("EHLO on 25 in clear\n" + c.transcript())
          .noneMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("AUTH"));
      assertThat(ehlo.lines())
          .as("EHLO on 25 offers STARTTLS")
          .anyMatch(l -> l.equalsIgnoreCase("STARTTLS"));
      SmtpClient.Reply afterTls = c.starttls(mx.tls(), "client.outside.test");
      assertThat(afterTls.lines())
          .as("EHLO on 25 after STARTTLS\n" + c.transcript())
          .noneMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("AUTH"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(13)
  void imapOn143RefusesPlaintextLoginUntilStarttls(String suite) {
    Mx mx = MX.get(suite);
    try (Imap.Raw imap = new Imap.Raw(mx.port(143))) {
      assertThat(imap.greeting()).startsWith("* OK");
      List<String> caps = imap.command("CAPABILITY");
      String capLine =
          caps.stream().filter(l -> l.startsWith("* CAPABILITY")).findFirst().orElse("");
      assertThat(capLine)
          .as(imap.transcript())
          .contains("STARTTLS")
          .contains("LOGINDISABLED")
          .doesNotContain("AUTH=PLAIN");
      List<String> login = imap.command("LOGIN alice " + PASSWORD);
      assertThat(Imap.Raw.status(login))
          .as("plaintext LOGIN before STARTTLS\n" + imap.transcript())
          .doesNotContain(" OK");
    }
    try (Imap.Raw imap = new Imap.Raw(mx.port(143))) {
      imap.starttls(mx.tls());
      List<String> caps = imap.command("CAPABILITY");
      String capLine =
          caps.stream().filter(l -> l.startsWith("* CAPABILITY")).findFirst().orElse("");
      assertThat(capLine)
          .as(imap.transcript())
          .contains("AUTH=PLAIN")
          .doesNotContain("LOGINDISABLED");
      assertThat(Imap.Raw.status(imap.command("LOGIN alice " + PASSWORD)))
          .as(imap.transcript())
          .contains(" OK");
      imap.command("LOGOUT");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(14)
  void submissionOn587IsRelayedOutwardsWithADkimSignatureDkimpyAccepts(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    String token = token();
    String rcpt = "bob-" + token + "@outside.test";
    submit(
        mx, "alice@a.test", rcpt, "outbound " + token, "Signed by mailpush, verified by dkimpy.");

    Optional<SmtpSink.Received> got = sink.await(r -> r.rcptTo().contains(rcpt), DELIVERY);
    assertThat(got)
        .as(
            "the capture MX ("
                + gateway
                + ":"
                + sink.port()
                + ") never got the message\nsink log:\n"
                + sink.log()
                + "\n"
                + mx.diag())
        .isPresent();
    String raw = got.get().text();
    assertThat(raw)
        .as("DKIM-Signature of a.test")
        .containsPattern("(?i)DKIM-Signature:[^\\n]*(\\n[ \\t][^\\n]*)*d=a\\.test");

    String record =
        DkimVerifier.txtValue(mx.host().exec("cat", "/etc/opendkim/keys/a.test/mail.txt").stdout());
    DkimVerifier.Verdict v =
        DkimVerifier.verify(got.get().data(), "mail._domainkey.a.test", record);
    assertThat(v.valid())
        .as("dkimpy against the published record:\n" + v.output() + "\nmessage:\n" + raw)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(15)
  void mailFromOutsideArrivingOn25IsNotSignedByUs(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String honest = token();
    sendOn25(mx, "friend@" + PASS_DOMAIN, "alice@a.test", "external " + honest, "From outside.");
    Imap.Found f = awaitMail(mx, "INBOX", honest);
    assertThat(f.header("DKIM-Signature")).as("external mail signed by us:\n" + f.raw()).isNull();

    // A forged From: of our own domain from an unauthenticated outside client must not get our
    // signature either.
    String forged = token();
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      assertThat(c.mailFrom("friend@" + PASS_DOMAIN).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo("alice@a.test").code()).as(c.transcript()).isEqualTo(250);
      SmtpClient.Reply data =
          c.data(message("ceo@a.test", "alice@a.test", "forged " + forged, "Pay now."));
      if (!data.positive()) {
        return; // refusing it outright is fine too
      }
    }
    Imap.Found g = awaitMail(mx, List.of("INBOX", "Junk"), forged);
    assertThat(g.header("DKIM-Signature"))
        .as("forged a.test mail from outside signed by us:\n" + g.raw())
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(16)
  void gtubeIsFlaggedAsSpamAndFiledIntoJunk(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String token = token();
    sendOn25(
        mx,
        "friend@" + PASS_DOMAIN,
        "alice@a.test",
        "spam test " + token,
        "Buy now!\n\n" + GTUBE + "\n");
    Imap.Found f = awaitMail(mx, List.of("Junk", "INBOX"), token);
    assertThat(f.header("X-Spam-Flag")).as("headers:\n" + f.raw()).isNotNull();
    assertThat(f.header("X-Spam-Flag").strip()).isEqualToIgnoringCase("YES");
    assertThat(f.folder())
        .as("GTUBE mail must be filed into Junk; " + mx.whereIs("alice", PASSWORD, token))
        .isEqualTo("Junk");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(17)
  void aUsersOwnSieveRuleFilesMatchingMailIntoAFolder(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String home = mx.sh("getent passwd alice | cut -d: -f6").strip();
    assertThat(home).as("alice's home").startsWith("/");
    String script =
        "require [\"fileinto\", \"mailbox\"];\n"
            + "if header :contains \"subject\" \"[list]\" {\n  fileinto :create \"Lists\";\n  stop;\n}\n";
    mx.host()
        .exec(
            "sh",
            "-c",
            "printf '%s' \"$1\" > \"$2/.dovecot.sieve\" && chown alice: \"$2/.dovecot.sieve\"",
            "sh",
            script,
            home)
        .requireSuccess("writing alice's sieve script");

    String listed = token();
    String other = token();
    sendOn25(
        mx, "list@" + PASS_DOMAIN, "alice@a.test", "[list] weekly digest " + listed, "List mail.");
    sendOn25(mx, "friend@" + PASS_DOMAIN, "alice@a.test", "personal " + other, "Not list mail.");
    Imap.Found f = awaitMail(mx, List.of("Lists", "INBOX"), listed);
    assertThat(f.folder())
        .as("the [list] mail; " + mx.whereIs("alice", PASSWORD, listed) + "\n" + mx.diag())
        .isEqualTo("Lists");
    assertThat(awaitMail(mx, List.of("INBOX", "Lists"), other).folder()).isEqualTo("INBOX");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(18)
  void submissionOn587OffersAndAcceptsNoAuthBeforeStarttls(String suite) {
    Mx mx = MX.get(suite);
    try (SmtpClient c = SmtpClient.connect(mx.port(587))) {
      SmtpClient.Reply ehlo = c.ehlo("laptop.a.test");
      assertThat(ehlo.lines())
          .as("EHLO on 587 in clear\n" + c.transcript())
          .noneMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("AUTH"));
      assertThat(c.authPlain("alice", PASSWORD).code())
          .as("AUTH in clear on 587\n" + c.transcript())
          .isBetween(500, 599);
    }
  }

  /** Private keys readable only by the service that needs them; nothing secret world-readable. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(19)
  void privateKeysHaveTightModesAndOwners(String suite) {
    Mx mx = MX.get(suite);
    assertThat(mx.sh("stat -c '%a %U %G' /etc/mailpush/tls/privkey.pem").strip())
        .as("TLS key")
        .isEqualTo("600 root root");
    assertThat(mx.sh("stat -c '%a %U' /etc/opendkim/keys").strip())
        .as("DKIM key directory")
        .isEqualTo("750 opendkim");
    for (String domain : List.of("a.test", "b.test")) {
      assertThat(mx.sh("stat -c '%a %U %G' /etc/opendkim/keys/" + domain + "/mail.private").strip())
          .as("DKIM key of " + domain)
          .isEqualTo("600 opendkim opendkim");
    }
    assertThat(
            mx.sh(
                    "find /etc/mailpush /etc/opendkim /etc/postfix /etc/dovecot -name '*.pem' -perm /o+r"
                        + " -name '*key*' -o -name '*.private' -perm /o+r")
                .strip())
        .as("world-readable keys")
        .isEmpty();
  }

  // ---------------------------------------------------------------- forwarding

  /**
   * What an outside receiver's SPF check finds: a.test (the SRS domain: the hosts are mx*.a.test)
   * allows the three hosts; the sender's own pass.test allows only an address of its own.
   */
  static Map<String, String> receiverZones() {
    StringBuilder hosts = new StringBuilder();
    for (Mx mx : MX.values()) {
      hosts.append(" ip4:").append(mx.address());
    }
    Map<String, String> zones = KnotServer.zones();
    zones.put("a.test", "@ IN TXT \"v=spf1" + hosts + " -all\"");
    zones.put(PASS_DOMAIN, "@ IN TXT \"v=spf1 ip4:192.0.2.25 -all\"");
    return zones;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(20)
  void forwardedMailLeavesFromAnSrsAddressThatPassesSpfWithTheSendersDkimSignatureIntact(
      String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = token();
    String signed =
        DkimVerifier.sign(
            message(SENDER, "team@a.test", "forwarded " + t, "Forwarded, still signed."),
            PASS_DOMAIN,
            "sel",
            senderKey);
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.greeting();
      c.ehlo("mail." + PASS_DOMAIN);
      assertThat(c.mailFrom(SENDER).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo("team@a.test").code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.data(signed).code()).as(c.transcript()).isEqualTo(250);
    }
    awaitMail(mx, "INBOX", t); // alice, the address's local user, has her copy

    SmtpSink.Received out =
        sink.await(r -> r.rcptTo().contains("carol@outside.test") && r.text().contains(t), DELIVERY)
            .orElseThrow(() -> new AssertionError("never forwarded\n" + sink.log() + mx.diag()));
    assertThat(out.mailFrom())
        .as("the envelope sender of the forwarded copy")
        .matches("SRS0=[^=]{4}=[^=]{2}=" + PASS_DOMAIN.replace(".", "\\.") + "=joe@a\\.test");
    SRS_ADDRESS.put(suite, out.mailFrom());

    // The outside MX checked SPF itself (policyd-spf refuses a fail) and said so in a header.
    assertThat(receivedSpf(out.text()))
        .as("the outside receiver's SPF verdict\n" + receiver.log())
        .startsWith("Pass (mailfrom) identity=mailfrom;")
        .contains("client-ip=" + mx.address() + ";")
        .containsIgnoringCase("envelope-from=" + out.mailFrom()); // pyspf lowercases it
    SpfVerifier.Verdict plain = SpfVerifier.check(knot, mx.address(), SENDER, mx.hostname());
    assertThat(plain.result())
        .as("without SRS the receiver would see the sender's own SPF fail\n" + plain.output())
        .isEqualTo("fail");
    DkimVerifier.Verdict dkim =
        DkimVerifier.verify(out.data(), "sel._domainkey." + PASS_DOMAIN, senderKey.txtValue());
    assertThat(dkim.valid())
        .as("dkimpy on the forwarded copy\n" + dkim.output() + "\n" + out.text())
        .isTrue();
  }

  /** The value of the first (topmost: the last receiver's) Received-SPF header, unfolded. */
  static String receivedSpf(String message) {
    String headers = message.split("\r?\n\r?\n", 2)[0].replaceAll("\r?\n[ \t]+", " ");
    return headers
        .lines()
        .filter(l -> l.regionMatches(true, 0, "Received-SPF:", 0, 13))
        .map(l -> l.substring(13).strip())
        .findFirst()
        .orElse("(no Received-SPF header)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(21)
  void spamIsNeverForwardedButFiledInThePostmastersJunk(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String ham = token();
    sendOn25(mx, SENDER, "fwd@b.test", "forward ham " + ham, "Pass this on.");
    SmtpSink.Received out =
        sink.await(r -> r.text().contains(ham), DELIVERY)
            .orElseThrow(() -> new AssertionError("ham never forwarded\n" + sink.log()));
    assertThat(out.rcptTo())
        .as("the outside target, with its own +extension")
        .containsExactly("dave+lists@outside.test");

    String spam = token();
    sendOn25(mx, SENDER, "fwd@b.test", "forward spam " + spam, GTUBE);
    // Filed by the forwarder itself: once it is in Junk, the copy was not sent on.
    awaitMail(mx, "Junk", spam);
    assertThat(sink.received().stream().filter(r -> r.text().contains(spam)))
        .as("spam reached the outside receiver")
        .isEmpty();
    assertThat(mx.sh("journalctl -t mailpush-forward --no-pager -o cat"))
        .contains("spam not forwarded to dave+lists@outside.test (from <" + SENDER + ">)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(22)
  void aBounceToTheSrsAddressReachesTheOriginalSenderAndAForgedOneIsRefused(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    String srs = SRS_ADDRESS.get(suite);
    assertThat(srs).as("the SRS address of the forwarding test").isNotNull();
    String forged = srs.replaceFirst("SRS0=[^=]{4}=", "SRS0=AAAA=");
    String t = token();
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.greeting();
      c.ehlo("mx.outside.test");
      assertThat(c.mailFrom("").code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo(forged).code()).as("a made-up hash\n" + c.transcript()).isEqualTo(550);
      assertThat(c.rcptTo(srs).code()).as(c.transcript()).isEqualTo(250);
      assertThat(
              c.data(message("MAILER-DAEMON@outside.test", srs, "bounce " + t, "Undeliverable."))
                  .code())
          .as(c.transcript())
          .isEqualTo(250);
    }
    SmtpSink.Received back =
        sink.await(r -> r.text().contains(t), DELIVERY)
            .orElseThrow(() -> new AssertionError("bounce never passed on\n" + sink.log()));
    assertThat(back.rcptTo()).containsExactly(SENDER);
    assertThat(back.mailFrom()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(23)
  void anAddressThatOnlyForwardsIsNobodysToSendAs(String suite) {
    Mx mx = MX.get(suite);
    for (String forwarding : List.of("fwd@b.test", "ext@b.test")) {
      try (SmtpClient c = mx.submission("alice", PASSWORD)) {
        assertThat(c.mailFrom(forwarding).code())
            .as("alice as an address that forwards elsewhere\n" + c.transcript())
            .isBetween(500, 599);
      }
      // Her own envelope, the forwarding address in From: (ext@b.test forwards to
      // alice@outside.test,
      // which names no login of this host, however it reads).
      try (SmtpClient c = mx.submission("alice", PASSWORD)) {
        assertThat(c.mailFrom("alice@a.test").code()).as(c.transcript()).isEqualTo(250);
        assertThat(c.rcptTo("alice@a.test").code()).as(c.transcript()).isEqualTo(250);
        assertThat(c.data(message(forwarding, "alice@a.test", "as " + forwarding, "x")).code())
            .as("From: " + forwarding + " by alice\n" + c.transcript())
            .isEqualTo(550);
      }
    }
    try (SmtpClient c = mx.submission("alice", PASSWORD)) {
      assertThat(c.mailFrom("team@a.test").code())
          .as("alice as a shared address she receives\n" + c.transcript())
          .isEqualTo(250);
    }
  }

  // ---------------------------------------------------------------- quotas

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(25)
  void aFullMailboxIsRefusedAtRcptWith552AfterAWarningAndNothingBounces(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    String t = token();
    String sender = "filler-" + t + "@" + PASS_DOMAIN;
    String body = "x".repeat(1500);
    int accepted = 0;
    SmtpClient.Reply refused = null;
    // Each message is about 9 % of the limit, so the 90 % warning comes while there is room for it.
    for (int i = 0; i < 40 && refused == null; i++) {
      String text = message(sender, "quinn@a.test", "fill " + t + " " + i, body);
      try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
        c.greeting();
        c.ehlo("mail." + PASS_DOMAIN);
        assertThat(c.mailFrom(sender, "SIZE=" + text.length()).code())
            .as(c.transcript())
            .isEqualTo(250);
        SmtpClient.Reply rcpt = c.rcptTo("quinn@a.test");
        if (rcpt.code() == 250) {
          assertThat(c.data(text).code()).as(c.transcript()).isEqualTo(250);
          accepted++;
          mx.awaitMessages("quinn", accepted); // delivered before the next one is offered
        } else {
          refused = rcpt;
        }
      }
    }
    assertThat(refused).as("a full mailbox was never refused").isNotNull();
    assertThat(refused.code()).isEqualTo(552);
    assertThat(String.join(" ", refused.lines())).contains("5.2.2");
    assertThat(accepted).as("messages that fitted").isGreaterThan(3);
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.greeting();
      c.ehlo("mail." + PASS_DOMAIN);
      c.mailFrom(sender);
      assertThat(c.rcptTo("q@b.test").code())
          .as("quinn's other address, without a SIZE\n" + c.transcript())
          .isEqualTo(552);
      assertThat(c.rcptTo("alice@a.test").code())
          .as("a mailbox without a limit, in the same transaction")
          .isEqualTo(250);
    }

    String warning =
        "Your mailbox is " + dev.mailpush.inventory.MailConfig.QUOTA_WARN_PERCENT + " % full";
    Imap.Found w = mx.awaitMail("quinn", PASSWORD, List.of("INBOX"), warning);
    assertThat(w.raw()).contains("From: Mail server <postmaster@" + mx.hostname() + ">");
    assertThat(
            mx.count("quinn", PASSWORD, "INBOX", "fill " + t)
                + mx.count("quinn", PASSWORD, "Junk", "fill " + t))
        .as("every accepted message is in quinn's mailbox")
        .isEqualTo(accepted);
    assertThat(sink.received().stream().filter(r -> r.rcptTo().contains(sender)))
        .as("a bounce to the sender")
        .isEmpty();

    CliRun facts = CliRun.of("facts", plain.file().toString(), "--json", "--limit", mx.name());
    JsonNode quinn = facts.events().get(0).path("mailboxes").path("quinn");
    assertThat(quinn.path("limit_kib").asLong()).as(facts.out()).isEqualTo(QUINN_QUOTA_KIB);
    assertThat(quinn.path("percent").asInt()).as(facts.out()).isGreaterThanOrEqualTo(90);
    assertThat(facts.events().get(0).path("mailboxes").path("alice").has("limit_kib"))
        .as("alice has no limit")
        .isFalse();
  }

  // ---------------------------------------------------------------- shared mailboxes

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(26)
  void aSharedMailboxIsReadByItsUsersEachWithTheirOwnReadMarksAndNobodyElse(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    // Dovecot 2.4 (Debian 13) shows the shared Maildir itself; 2.3 its INBOX below it.
    String folder = suite.equals("trixie") ? "Shared.info" : "Shared.info.INBOX";
    String t = token();
    sendOn25(mx, SENDER, "info@a.test", "shared " + t, "For whoever answers first.");
    mx.awaitMail("alice", PASSWORD, List.of(folder), t);
    mx.awaitMail("bob", PASSWORD, List.of(folder), t);
    assertThat(mx.count("alice", PASSWORD, "INBOX", t)).as("not in alice's own INBOX").isZero();

    try (jakarta.mail.Store store = Imap.login(mx.tls(), mx.port(993), "alice", PASSWORD)) {
      jakarta.mail.Folder f = store.getFolder(folder);
      f.open(jakarta.mail.Folder.READ_WRITE);
      for (jakarta.mail.Message m : f.search(new jakarta.mail.search.SubjectTerm(t))) {
        m.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
      }
      f.close(false);
    }
    assertThat(seen(mx, "alice", folder, t)).as("alice read it").isTrue();
    assertThat(seen(mx, "bob", folder, t)).as("bob has not: his own read marks").isFalse();
    assertThat(
            mx.sh(
                    "find /var/mail/mailpush-shared/info -type f \\( -path '*/cur/*' -o -path"
                        + " '*/new/*' \\) | wc -l")
                .strip())
        .as("stored once, for both")
        .isEqualTo("1");

    try (jakarta.mail.Store store = Imap.login(mx.tls(), mx.port(993), "quinn", PASSWORD)) {
      assertThat(
              java.util.Arrays.stream(store.getDefaultFolder().list("*"))
                  .map(jakarta.mail.Folder::getFullName))
          .as("quinn is no reader")
          .noneMatch(n -> n.startsWith("Shared"));
    }
    assertThat(mx.sh("su -s /bin/sh quinn -c 'ls /var/mail/mailpush-shared/info' 2>&1"))
        .contains("Permission denied");

    try (SmtpClient c = mx.submission("bob", PASSWORD)) {
      assertThat(c.mailFrom("info@a.test").code())
          .as("bob sends as info@\n" + c.transcript())
          .isEqualTo(250);
    }
    try (SmtpClient c = mx.submission("quinn", PASSWORD)) {
      assertThat(c.mailFrom("info@a.test").code())
          .as("quinn sends as info@\n" + c.transcript())
          .isBetween(500, 599);
    }
  }

  static boolean seen(Mx mx, String user, String folder, String token) throws Exception {
    try (jakarta.mail.Store store = Imap.login(mx.tls(), mx.port(993), user, PASSWORD)) {
      jakarta.mail.Folder f = store.getFolder(folder);
      f.open(jakarta.mail.Folder.READ_ONLY);
      try {
        jakarta.mail.Message[] found = f.search(new jakarta.mail.search.SubjectTerm(token));
        assertThat(found).as(user + " sees it in " + folder).hasSize(1);
        return found[0].isSet(jakarta.mail.Flags.Flag.SEEN);
      } finally {
        f.close(false);
      }
    }
  }

  // ---------------------------------------------------------------- deploy 2: greylisting

  @Test
  @Order(30)
  void enablingGreylistingDeploys() {
    long t0 = System.nanoTime();
    greyDeploy = CliRun.of("deploy", grey.file().toString(), "--json");
    log("greylisting deploy: exit %d in %ds", greyDeploy.exitCode(), secs(t0));
    assertThat(greyDeploy.exitCode()).as(failures(greyDeploy)).isZero();
    for (Mx mx : MX.values()) {
      assertThat(greyDeploy.recap().get(mx.name()).get("changed").asInt())
          .as(mx.suite())
          .isPositive();
      assertThat(mx.sh("systemctl is-active postgrey").strip())
          .as(mx.suite() + " postgrey")
          .isEqualTo("active");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(31)
  void aNewSenderIsGreylistedThenAcceptedAfterTheDelay(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String token = token();
    String sender = "stranger-" + token + "@grey.test";
    long first;
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      assertThat(c.mailFrom(sender).code()).as(c.transcript()).isEqualTo(250);
      SmtpClient.Reply r = c.rcptTo("alice@a.test");
      first = System.nanoTime();
      assertThat(r.code())
          .as("first attempt of a new triplet\n" + c.transcript() + mx.diag())
          .isEqualTo(450);
    }
    // The retry a real MTA makes once the delay has passed.
    Thread.sleep(
        Math.max(
            0,
            Duration.ofSeconds(GREY_DELAY + 1).toMillis()
                - Duration.ofNanos(System.nanoTime() - first).toMillis()));
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      assertThat(c.mailFrom(sender).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo("alice@a.test").code())
          .as("retry after " + GREY_DELAY + "s\n" + c.transcript())
          .isEqualTo(250);
      assertThat(
              c.data(message(sender, "alice@a.test", "greylisted " + token, "Second try.")).code())
          .as(c.transcript())
          .isEqualTo(250);
    }
    awaitMail(mx, List.of("INBOX", "Junk"), token);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(32)
  void passListedSendersAndAuthenticatedSubmissionAreNeverGreylisted(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    String token = token();
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      assertThat(c.mailFrom("otp-" + token + "@" + PASS_DOMAIN).code())
          .as(c.transcript())
          .isEqualTo(250);
      assertThat(c.rcptTo("alice@a.test").code())
          .as("pass-listed sender, first attempt\n" + c.transcript())
          .isEqualTo(250);
      assertThat(
              c.data(
                      message(
                          "otp-" + token + "@" + PASS_DOMAIN,
                          "alice@a.test",
                          "one-time code " + token,
                          "123456"))
                  .code())
          .as(c.transcript())
          .isEqualTo(250);
    }
    awaitMail(mx, List.of("INBOX", "Junk"), token);

    String out = token();
    String rcpt = "carol-" + out + "@outside.test";
    submit(mx, "alice@a.test", rcpt, "submitted " + out, "Never greylisted.");
    assertThat(sink.await(r -> r.rcptTo().contains(rcpt), DELIVERY))
        .as(sink.log() + "\n" + mx.diag())
        .isPresent();
    String local = token();
    submit(mx, "alice@a.test", "alice@b.test", "to myself " + local, "Never greylisted either.");
    awaitMail(mx, List.of("INBOX", "Junk"), local);
  }

  // ---------------------------------------------------------------- idempotence and safety

  @Test
  @Order(40)
  void aSecondDeployChangesNothingAndRestartsNothing() {
    Map<String, String> before = new LinkedHashMap<>();
    for (Mx mx : MX.values()) {
      before.put(mx.suite(), pids(mx));
    }
    long t0 = System.nanoTime();
    CliRun again = CliRun.of("deploy", grey.file().toString(), "--json");
    log("no-op deploy: exit %d in %dms", again.exitCode(), (System.nanoTime() - t0) / 1_000_000);
    assertThat(again.exitCode()).as(failures(again)).isZero();
    for (Mx mx : MX.values()) {
      assertThat(again.recap().get(mx.name()).get("changed").asInt())
          .as(mx.suite() + " changed tasks: " + changedTasks(again, mx.name()))
          .isZero();
      assertThat(again.tasks(mx.name()))
          .as(mx.suite() + " handlers run")
          .noneMatch(t -> t.path("handler").asBoolean());
      assertThat(pids(mx))
          .as(mx.suite() + " main PIDs (postfix master, dovecot, opendkim)")
          .isEqualTo(before.get(mx.suite()));
    }
  }

  @Test
  @Order(41)
  void aHandEditOfMainCfIsReportedByCheckAndUndoneByDeploy() {
    String marker = "# hand edit " + token();
    Map<String, String> original = new LinkedHashMap<>();
    Map<String, String> edited = new LinkedHashMap<>();
    for (Mx mx : MX.values()) {
      original.put(mx.suite(), sha(mx, "/etc/postfix/main.cf"));
      mx.host()
          .exec("sh", "-c", "printf '%s\\n' \"$1\" >> /etc/postfix/main.cf", "sh", marker)
          .requireSuccess("hand edit");
      edited.put(mx.suite(), sha(mx, "/etc/postfix/main.cf"));
    }
    CliRun check = CliRun.of("deploy", grey.file().toString(), "--json", "--check", "--diff");
    assertThat(check.exitCode()).as(failures(check)).isZero();
    for (Mx mx : MX.values()) {
      List<JsonNode> changed =
          check.tasks(mx.name()).stream()
              .filter(
                  t ->
                      t.path("status").asText().equals("changed") && !t.path("handler").asBoolean())
              .toList();
      assertThat(changed)
          .as(mx.suite() + " changed tasks in check mode: " + changedTasks(check, mx.name()))
          .hasSize(1);
      assertThat(changed.get(0).path("diff").toString())
          .as(mx.suite() + " diff")
          .contains("-" + marker);
      assertThat(sha(mx, "/etc/postfix/main.cf"))
          .as(mx.suite() + ": --check touched main.cf")
          .isEqualTo(edited.get(mx.suite()));
    }
    CliRun fix = CliRun.of("deploy", grey.file().toString(), "--json");
    assertThat(fix.exitCode()).as(failures(fix)).isZero();
    for (Mx mx : MX.values()) {
      assertThat(mx.sh("cat /etc/postfix/main.cf")).as(mx.suite()).doesNotContain(marker);
      assertThat(sha(mx, "/etc/postfix/main.cf"))
          .as(mx.suite() + " main.cf restored")
          .isEqualTo(original.get(mx.suite()));
    }
  }

  @Test
  @Order(42)
  void anOverridePostfixRejectsFailsTheDeployAndLeavesTheRunningServerAlone() throws Exception {
    StringBuilder bogus = new StringBuilder();
    for (Mx mx : MX.values()) {
      bogus
          .append("[hosts.")
          .append(mx.name())
          .append(".mail.postfix_overrides]\n")
          .append("smtpd_tls_security_level = \"bogus\"\n");
    }
    TestInventory bad = inventory("bad", true, bogus.toString());
    Map<String, String> sha = new LinkedHashMap<>();
    Map<String, String> pid = new LinkedHashMap<>();
    for (Mx mx : MX.values()) {
      sha.put(mx.suite(), sha(mx, "/etc/postfix/main.cf"));
      pid.put(mx.suite(), postfixPid(mx));
    }
    CliRun run = CliRun.of("deploy", bad.file().toString(), "--json");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    for (Mx mx : MX.values()) {
      List<JsonNode> failed =
          run.tasks(mx.name()).stream()
              .filter(t -> t.path("status").asText().equals("failed"))
              .toList();
      assertThat(failed).as(mx.suite() + " failed tasks").hasSize(1);
      assertThat(failed.get(0).path("message").asText())
          .as(mx.suite() + " the validator's message")
          .containsIgnoringCase("bogus");
      assertThat(sha(mx, "/etc/postfix/main.cf"))
          .as(mx.suite() + " main.cf")
          .isEqualTo(sha.get(mx.suite()));
      assertThat(postfixPid(mx))
          .as(mx.suite() + " postfix master PID")
          .isEqualTo(pid.get(mx.suite()));
      String token = token();
      submit(
          mx, "alice@a.test", "alias@a.test", "still flowing " + token, "After a failed deploy.");
      awaitMail(mx, List.of("INBOX", "Junk"), token);
    }
  }

  // ---------------------------------------------------------------- brute force

  /**
   * The two other hosts attack this one from their own addresses on the Docker bridge: one guesses
   * IMAP passwords on 993, the other SMTP AUTH passwords on 465. fail2ban must ban each in its
   * jail, after which the attacker cannot even connect, while alice, connecting from this machine
   * (the bridge gateway), still reads and sends mail.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(50)
  void repeatedFailedLoginsGetTheClientBannedWhileAliceStillLogsIn(String suite) throws Exception {
    Mx victim = MX.get(suite);
    List<Mx> others = MX.values().stream().filter(m -> !m.suite().equals(suite)).toList();
    Mx imapAttacker = others.get(0);
    Mx smtpAttacker = others.get(1);
    String target = victim.address();
    assertThat(victim.sh("systemctl is-active fail2ban").strip())
        .as(suite + " fail2ban")
        .isEqualTo("active");
    try {
      String imap =
          imapAttacker
              .host()
              .exec(
                  "sh",
                  "-c",
                  AttackSuiteE2ETest.ATTACK_IMAP,
                  "attack",
                  target,
                  "8",
                  "alice",
                  "wrong")
              .stdout();
      String smtp =
          smtpAttacker.host().exec("sh", "-c", ATTACK_SMTP_AUTH, "attack", target, "8").stdout();
      assertThat(imap).as("the IMAP attacker's replies").contains("a NO [AUTHENTICATIONFAILED]");
      assertThat(smtp).as("the SMTP attacker's replies").contains("535 5.7.8");

      awaitBanned(victim, "dovecot", imapAttacker.address());
      awaitBanned(victim, "postfix-sasl", smtpAttacker.address());
      assertThat(canConnect(imapAttacker, target, 993))
          .as("the banned IMAP attacker reaches 993")
          .isFalse();
      assertThat(canConnect(smtpAttacker, target, 587))
          .as("the banned SMTP attacker reaches 587")
          .isFalse();

      // The legitimate user, from another address, is not affected.
      try (jakarta.mail.Store store =
          Imap.login(victim.tls(), victim.port(993), "alice", PASSWORD)) {
        assertThat(store.isConnected()).isTrue();
      }
      submit(victim, "alice@a.test", "alias@a.test", "after the ban " + token(), "Still here.");
    } finally {
      victim.sh("fail2ban-client unban --all");
    }
  }

  /**
   * $1 target address, $2 attempts: wrong SMTP AUTH PLAIN passwords for alice on 465, in parallel;
   * prints the replies.
   */
  static final String ATTACK_SMTP_AUTH =
      """
      out=$(mktemp -d)
      auth=$(printf '\\0alice\\0wrong' | base64)
      for i in $(seq 1 "$2"); do
        # One command at a time, after each reply is due: Postfix 3.9+ drops clients that talk first
        # (on a loaded machine the TLS handshake and greeting take a while). QUIT only after Dovecot's
        # answer, which its penalty for repeated failures from one address delays by up to 15 s: a
        # client gone before either leaves no "authentication failed" line.
        { sleep 3; printf 'EHLO attacker.test\\r\\n'; sleep 3; printf 'AUTH PLAIN %s\\r\\n' "$auth"; sleep 17
          printf 'QUIT\\r\\n'; } | timeout 40 openssl s_client -connect "$1:465" -quiet >"$out/$i" 2>&1 &
      done
      wait
      cat "$out"/*
      """;

  static void awaitBanned(Mx victim, String jail, String attacker) throws InterruptedException {
    if (!AttackSuiteE2ETest.banned(victim, jail, attacker, Duration.ofSeconds(60))) {
      throw new AssertionError(
          victim.suite()
              + ": "
              + attacker
              + " not banned by jail "
              + jail
              + ":\n"
              + victim.sh(
                  "fail2ban-client status "
                      + jail
                      + " 2>&1; tail -n 30 /var/log/fail2ban.log;"
                      + " journalctl --no-pager -n 30 -u dovecot -u 'postfix@-' 2>&1"));
    }
  }

  /** Whether {@code from} gets a TCP connection to address:port (bash's /dev/tcp, 5 s at most). */
  static boolean canConnect(Mx from, String address, int port) {
    return from.host()
            .exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port)
            .exitCode()
        == 0;
  }

  // ---------------------------------------------------------------- helpers

  static void sendOn25(Mx mx, String from, String to, String subject, String body) {
    mx.sendOn25(from, to, subject, body);
  }

  /** Port 587: STARTTLS (certificate and name checked), AUTH PLAIN as alice, one message. */
  static void submit(Mx mx, String from, String to, String subject, String body) {
    mx.submit("alice", PASSWORD, from, to, subject, body);
  }

  static String message(String from, String to, String subject, String body) {
    return Mx.message(from, to, subject, body);
  }

  static Imap.Found awaitMail(Mx mx, String folder, String token) throws Exception {
    return awaitMail(mx, List.of(folder), token);
  }

  static Imap.Found awaitMail(Mx mx, List<String> folders, String token) throws Exception {
    return mx.awaitMail("alice", PASSWORD, folders, token);
  }

  static String pids(Mx mx) {
    return "postfix="
        + postfixPid(mx)
        + " dovecot="
        + mx.sh("systemctl show -p MainPID --value dovecot").strip()
        + " opendkim="
        + mx.sh("systemctl show -p MainPID --value opendkim").strip();
  }

  static String postfixPid(Mx mx) {
    return mx.sh("cat /var/spool/postfix/pid/master.pid 2>&1").strip();
  }

  static String sha(Mx mx, String path) {
    return mx.sh("sha256sum " + path + " 2>&1").strip();
  }

  static String failures(CliRun run) {
    StringBuilder s = new StringBuilder("exit " + run.exitCode() + "; failed tasks:");
    try {
      for (JsonNode e : run.events()) {
        if (e.path("status").asText().equals("failed")
            || e.path("status").asText().equals("unreachable")) {
          s.append("\n  ").append(e);
        }
      }
    } catch (RuntimeException e) {
      s.append("\n").append(run);
    }
    if (!run.err().isBlank()) {
      s.append("\nstderr: ").append(run.err());
    }
    return s.toString();
  }

  static String changedTasks(CliRun run, String host) {
    return run.tasks(host).stream()
        .filter(t -> t.path("status").asText().equals("changed"))
        .map(
            t ->
                t.path("task").asText()
                    + (t.path("handler").asBoolean() ? " (handler)" : "")
                    + " "
                    + t.path("actions"))
        .toList()
        .toString();
  }

  static String taskSummary(CliRun run, String host) {
    return run.tasks(host).stream()
        .map(t -> t.path("task").asText() + "=" + t.path("status").asText())
        .toList()
        .toString();
  }

  static String token() {
    return Mx.token();
  }

  static long secs(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }

  static void log(String format, Object... args) {
    System.out.printf("[MailServerE2ETest] " + format + "%n", args);
  }
}
