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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The attacker's suite: a freshly deployed host of each Debian release (11, 12, 13, deployed in
 * parallel once) is probed the way an outside attacker, a logged-in user with bad intentions and a
 * careless sender would, with raw sockets and real clients. Every probe records what the server
 * answered in a {@link ProbeTable} (printed at the end and written to target/attack-suite.md), and
 * fails when the answer is not the safe one. This is where every future hole gets its test.
 *
 * <p>Probes: SMTP smuggling with both bare-LF end-of-data forms; sending as another user (envelope,
 * null sender, {@code From:}/{@code Sender:} header tricks) on 587 and 465; system accounts (the
 * sudo user, root) on IMAP and SMTP AUTH, counted by fail2ban; postmaster, abuse and root mail
 * delivered, other local parts refused at RCPT; unique long queue ids; client traces stripped from
 * submissions but kept on mail from outside; the message size limit; DKIM-signed delivery reports;
 * inbound DMARC against a knotd zone the hosts resolve (reject, quarantine to Junk, pass, and a
 * forged Authentication-Results header); a login's send limit; and everything {@code mailpush
 * verify} checks from outside.
 */
@RequiresDocker(suites = {"bullseye", "bookworm", "trixie"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackSuiteE2ETest {
  static final List<String> SUITES = List.of("bullseye", "bookworm", "trixie");
  static final String ALICE_PASSWORD = "Alice-attack-suite-4Tz";
  static final String BOB_PASSWORD = "Bob-attack-suite-9Qw";
  static final String CAROL_PASSWORD = "Carol-attack-suite-3Hm";
  static final int CAROL_SEND_LIMIT = 3;

  /**
   * Set on the host for the sudo user and root: correct passwords that must still not open mail.
   */
  static final String ADMIN_PASSWORD = "Admin-system-account-2Lp";

  static final String ROOT_PASSWORD = "Root-system-account-8Vn";
  static final String OUTSIDE = "friend@outside.test";
  static final List<String> DMARC_ZONES =
      List.of("dmarc-reject.test", "dmarc-quarantine.test", "dmarc-pass.test");
  static final int[] PORTS = {25, 465, 587, 143, 993};
  static final long MIB = 1024 * 1024;

  @TempDir static Path dir;
  static TargetHosts containers;
  static final Map<String, Mx> MX = new LinkedHashMap<>();
  static final ProbeTable PROBES = new ProbeTable(SUITES);
  static SmtpSink sink;
  static KnotServer knot;
  static String gateway;
  static TestInventory inventory;
  static CliRun deploy;

  @BeforeAll
  static void deployOnce() throws Exception {
    List<TargetHost.Builder> builders = new ArrayList<>();
    for (int i = 0; i < SUITES.size(); i++) {
      builders.add(
          TargetHost.builder(SUITES.get(i)).publish(PORTS).hostname("mx" + (i + 1) + ".a.test"));
    }
    containers = TargetHosts.start(builders);
    for (int i = 0; i < SUITES.size(); i++) {
      MX.put(
          SUITES.get(i),
          new Mx(SUITES.get(i), "mx" + (i + 1), "mx" + (i + 1) + ".a.test", containers.get(i)));
    }
    gateway = containers.get(0).defaultGateway();
    sink = SmtpSink.start(gateway);
    knot = KnotServer.start(dir.resolve("knot"), dmarcZones(gateway), gateway);
    for (Mx mx : MX.values()) {
      mx.host().resolveZonesVia(gateway, knot.port(), DMARC_ZONES);
      // Correct passwords for accounts that are not mail users: an attacker who knows one must
      // still get nothing.
      mx.host()
          .exec(
              "sh",
              "-c",
              "printf '%s\\n' \"admin:$1\" \"root:$2\" | chpasswd",
              "sh",
              ADMIN_PASSWORD,
              ROOT_PASSWORD)
          .requireSuccess("system account passwords");
    }
    TestInventory.Builder b = TestInventory.builder(dir.resolve("inventory"));
    MX.values().forEach(mx -> b.host(mx.name(), mx.hostname(), mx.host()));
    inventory =
        b.extraToml(
                String.join(
                    "\n",
                    "[mail]",
                    "server_label = \"mailpush attack suite\"",
                    // SpamAssassin has its own test (MailServerE2ETest); leaving it out keeps the
                    // deploy short.
                    "enable_antispam = false",
                    "enable_spf_check = true",
                    "virtual_domains = [\"a.test\", \"b.test\"]",
                    "[mail.virtual_addresses]",
                    "\"alice@a.test\" = \"alice\"",
                    "\"alias@a.test\" = \"alice\"",
                    "\"alice@b.test\" = \"alice\"",
                    "\"bob@a.test\" = \"bob\"",
                    "\"@b.test\" = \"bob\"",
                    "\"carol@a.test\" = \"carol\"",
                    "[mail.users.alice]",
                    "password_hash = \""
                        + Sha2Crypt.sha512Crypt(ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8))
                        + "\"",
                    "[mail.users.bob]",
                    "password_hash = \""
                        + Sha2Crypt.sha512Crypt(BOB_PASSWORD.getBytes(StandardCharsets.UTF_8))
                        + "\"",
                    "[mail.users.carol]",
                    "password_hash = \""
                        + Sha2Crypt.sha512Crypt(CAROL_PASSWORD.getBytes(StandardCharsets.UTF_8))
                        + "\"",
                    "send_limit_per_hour = " + CAROL_SEND_LIMIT,
                    "[mail.postfix_overrides]",
                    "relayhost = \"[" + gateway + "]:" + sink.port() + "\"",
                    "[tls]",
                    "mode = \"self-signed\""))
            .write();
    long t0 = System.nanoTime();
    deploy = CliRun.of("deploy", inventory.file().toString(), "--json");
    System.out.printf(
        "[AttackSuiteE2ETest] deploy of %s in parallel: exit %d in %d s%n",
        SUITES, deploy.exitCode(), (System.nanoTime() - t0) / 1_000_000_000L);
  }

  /** Sender domains of the outside world, served by knotd to the hosts' resolvers. */
  static Map<String, String> dmarcZones(String gateway) {
    Map<String, String> zones = KnotServer.zones();
    zones.put(
        "dmarc-reject.test", "@ IN TXT \"v=spf1 -all\"\n_dmarc IN TXT \"v=DMARC1; p=reject\"");
    zones.put(
        "dmarc-quarantine.test",
        "@ IN TXT \"v=spf1 -all\"\n_dmarc IN TXT \"v=DMARC1; p=quarantine\"");
    // The hosts see this machine's connections from the bridge gateway: SPF passes for it, and
    // aligns.
    zones.put(
        "dmarc-pass.test",
        "@ IN TXT \"v=spf1 ip4:"
            + gateway
            + " ip4:127.0.0.1 -all\"\n"
            + "_dmarc IN TXT \"v=DMARC1; p=reject\"");
    return zones;
  }

  @AfterAll
  static void report() {
    String table = PROBES.markdown();
    System.out.println("[AttackSuiteE2ETest] probe table\n" + table);
    PROBES.write(Path.of("target", "attack-suite.md"));
    if (knot != null) {
      knot.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (containers != null) {
      containers.close();
    }
  }

  @Test
  @Order(1)
  void theDeployConverges() {
    assertThat(deploy.exitCode()).as(MailServerE2ETest.failures(deploy)).isZero();
  }

  // ---------------------------------------------------------------- 1. SMTP smuggling

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(10)
  void smugglingWithCrLfDotLfNeverYieldsASecondMessage(String suite) throws Exception {
    smuggle(MX.get(suite), "smtp smuggling: <CR><LF>.<LF> inside DATA (25)", "\r\n.\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(11)
  void smugglingWithLfDotCrLfNeverYieldsASecondMessage(String suite) throws Exception {
    smuggle(MX.get(suite), "smtp smuggling: <LF>.<CR><LF> inside DATA (25)", "\n.\r\n");
  }

  /**
   * One DATA whose content holds a non-standard end of data, then a second transaction forging our
   * CEO: at most one message may be queued, and no message with the smuggled subject may arrive.
   */
  static void smuggle(Mx mx, String probe, String fakeEnd) throws Exception {
    String t = Mx.token();
    List<SmtpClient.Reply> replies;
    String transcript;
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      assertThat(c.mailFrom(OUTSIDE).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo("alice@a.test").code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.command("DATA").code()).as(c.transcript()).isEqualTo(354);
      c.raw(
          "From: <"
              + OUTSIDE
              + ">\r\nTo: <alice@a.test>\r\nSubject: carrier "
              + t
              + "\r\n\r\nHello."
              + fakeEnd
              + "MAIL FROM:<ceo@a.test>\r\nRCPT TO:<alice@a.test>\r\nDATA\r\n"
              + "From: <ceo@a.test>\r\nTo: <alice@a.test>\r\nSubject: smuggled "
              + t
              + "\r\n\r\nWire the money.\r\n.\r\n");
      replies = c.replies(Duration.ofSeconds(3));
      transcript = c.transcript();
    }
    long queued =
        replies.stream().filter(r -> r.code() == 250 && r.text().contains("queued as")).count();
    // Whatever was accepted is delivered within seconds; give it time before looking for the
    // forgery.
    if (queued > 0) {
      mx.awaitMail("alice", ALICE_PASSWORD, List.of("INBOX", "Junk"), "carrier " + t);
    }
    Thread.sleep(1500);
    int smuggled =
        mx.count("alice", ALICE_PASSWORD, "INBOX", "smuggled " + t)
            + mx.count("alice", ALICE_PASSWORD, "Junk", "smuggled " + t);
    PROBES.check(
        probe,
        mx.suite(),
        queued <= 1 && smuggled == 0,
        queued
            + " queued, "
            + smuggled
            + " smuggled delivered ("
            + replies.stream().map(r -> r.code() + "").toList()
            + ")",
        transcript);
  }

  // ---------------------------------------------------------------- sending too much

  /**
   * A stolen password sends little: carol may send {@value #CAROL_SEND_LIMIT} messages an hour
   * ({@code send_limit_per_hour} in her [mail.users.carol]); the next one is deferred with 450
   * 4.7.1 (at RCPT on Debian 11 and 12, at DATA on 13: where each release's limiter counts) and
   * Postfix logs the refusal with her address, while alice (the default limit) still sends.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(15)
  void theSendLimitDefersTheMessageAfterTheLastAllowed(String suite) {
    Mx mx = MX.get(suite);
    List<Integer> outcomes = new ArrayList<>();
    SmtpClient.Reply last = null;
    String transcript;
    try (SmtpClient c = mx.submission("carol", CAROL_PASSWORD)) {
      for (int i = 1; i <= CAROL_SEND_LIMIT + 1; i++) {
        last = send(c, "carol@a.test", "alice@a.test", "send limit " + i);
        outcomes.add(last.code());
        if (!last.positive()) {
          c.command("RSET");
        }
      }
      transcript = c.transcript();
    }
    SmtpClient.Reply alice;
    try (SmtpClient c = mx.submission("alice", ALICE_PASSWORD)) {
      alice = send(c, "alice@a.test", "bob@a.test", "not limited");
    }
    String logged =
        mx.sh(
            "journalctl --no-pager -o cat -t postfix/submission/smtpd | grep 'send limit per hour'"
                + " | tail -n 1");
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < CAROL_SEND_LIMIT; i++) {
      expected.add(250);
    }
    expected.add(450);
    PROBES.check(
        "587: carol over her send limit ("
            + CAROL_SEND_LIMIT
            + "/h): next message 450 4.7.1, logged",
        suite,
        outcomes.equals(expected)
            && last.text().contains("4.7.1")
            && logged.contains("from=<carol@a.test>")
            && alice.code() == 250,
        "replies "
            + outcomes
            + ", last "
            + last.text()
            + "; alice: "
            + alice.text()
            + "; log: "
            + logged.strip(),
        transcript + "\n" + mx.diag());
  }

  /** One message: the refusal at RCPT or DATA, else the reply to its end of data. */
  private static SmtpClient.Reply send(SmtpClient c, String from, String to, String subject) {
    SmtpClient.Reply r = c.mailFrom(from);
    if (r.positive()) {
      r = c.rcptTo(to);
    }
    if (r.positive()) {
      r =
          c.data(
              "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nHello.\r\n");
    }
    return r;
  }

  // ---------------------------------------------------------------- 2. sending as another user

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(20)
  void anotherUsersEnvelopeSenderIsRefused(String suite) {
    Mx mx = MX.get(suite);
    try (SmtpClient c = mx.submission("alice", ALICE_PASSWORD)) {
      SmtpClient.Reply r = c.mailFrom("bob@a.test");
      PROBES.check(
          "587: alice, MAIL FROM:<bob@a.test>", suite, r.code() >= 500, r.text(), c.transcript());
    }
  }

  /**
   * A catch-all ("@b.test" = "bob"): mail to an address nobody has reaches bob, mail to
   * alice@b.test stays alice's, and bob may send as an unlisted b.test address but never as
   * alice@b.test.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(22)
  void aCatchAllTakesOnlyTheAddressesNobodyHas(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t1 = Mx.token();
    String t2 = Mx.token();
    mx.sendOn25(OUTSIDE, "nobody-" + t1 + "@b.test", "catch-all " + t1, "To an unknown address.");
    mx.sendOn25(OUTSIDE, "alice@b.test", "explicit " + t2, "To alice.");
    List<String> toBob = mx.missing("bob", BOB_PASSWORD, "INBOX", List.of(t1));
    List<String> toAlice = mx.missing("alice", ALICE_PASSWORD, "INBOX", List.of(t2));
    int stolen = mx.count("bob", BOB_PASSWORD, "INBOX", t2);
    PROBES.check(
        "25: catch-all @b.test -> bob, alice@b.test stays alice's",
        suite,
        toBob.isEmpty() && toAlice.isEmpty() && stolen == 0,
        "unknown address "
            + (toBob.isEmpty() ? "at bob" : "MISSING")
            + ", alice@b.test "
            + (toAlice.isEmpty() ? "at alice" : "MISSING")
            + (stolen == 0 ? "" : ", ALSO AT BOB"),
        mx.diag());
    try (SmtpClient c = mx.submission("bob", BOB_PASSWORD)) {
      SmtpClient.Reply own = c.mailFrom("sales-" + t1 + "@b.test");
      c.command("RSET");
      SmtpClient.Reply alices = c.mailFrom("alice@b.test");
      PROBES.check(
          "587: bob (the catch-all's user), MAIL FROM an unlisted b.test address / alice@b.test",
          suite,
          own.code() == 250 && alices.code() >= 500,
          own.code() + " / " + alices.text(),
          c.transcript());
    }
  }

  /**
   * Null sender (what read receipts use) with bob's From:, and alice's own envelope with bob's
   * From:.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(21)
  void anotherUsersFromHeaderIsRefusedWithTheReason(String suite) throws Exception {
    Mx mx = MX.get(suite);
    for (String envelope : List.of("", "alice@a.test")) {
      String t = Mx.token();
      String probe = "587: alice, MAIL FROM:<" + envelope + ">, From: bob@a.test";
      SmtpClient.Reply r =
          submitRaw(
              mx,
              false,
              envelope,
              "bob@a.test",
              Mx.message(
                  "bob@a.test", "bob@a.test", "forged " + t, "From alice, pretending to be bob."));
      PROBES.check(
          probe,
          suite,
          r.code() >= 500 && r.text().contains("From:") && r.text().contains("bob@a.test"),
          r.text(),
          "expected a 5xx naming the From: address");
      Thread.sleep(500);
      assertThat(mx.count("bob", BOB_PASSWORD, "INBOX", t))
          .as(probe + ": delivered anyway")
          .isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(22)
  void anotherUsersFromHeaderIsRefusedOnImplicitTls465(String suite) {
    Mx mx = MX.get(suite);
    SmtpClient.Reply r =
        submitRaw(
            mx,
            true,
            "",
            "bob@a.test",
            Mx.message("bob@a.test", "bob@a.test", "forged " + Mx.token(), "From alice, as bob."));
    PROBES.check(
        "465: alice, MAIL FROM:<>, From: bob@a.test", suite, r.code() >= 500, r.text(), "");
  }

  /** Header tricks that make a mail client show bob as the author. Each must be refused. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(23)
  void fromHeaderTricksAreRefused(String suite) {
    Mx mx = MX.get(suite);
    Map<String, String> tricks = new LinkedHashMap<>();
    tricks.put("upper case", "From: BOB@A.TEST\n");
    tricks.put("display name and comment", "From: \"Alice\" <bob@a.test> (alice@a.test)\n");
    tricks.put("two mailboxes", "From: alice@a.test, bob@a.test\n");
    tricks.put("two From: fields", "From: alice@a.test\nFrom: bob@a.test\n");
    tricks.put("Sender: of another", "From: alice@a.test\nSender: bob@a.test\n");
    tricks.put("folded", "From: \"Alice\"\n <bob@a.test>\n");
    tricks.put("no From: at all", "");
    List<String> accepted = new ArrayList<>();
    for (Map.Entry<String, String> trick : tricks.entrySet()) {
      String msg =
          trick.getValue() + "To: <bob@a.test>\nSubject: trick " + Mx.token() + "\n\nHello.\n";
      SmtpClient.Reply r = submitRaw(mx, false, "", "bob@a.test", msg);
      if (r.code() < 500) {
        accepted.add(trick.getKey() + " -> " + r.text());
      }
    }
    PROBES.check(
        "587: From: header tricks (" + tricks.size() + " forms)",
        suite,
        accepted.isEmpty(),
        accepted.isEmpty() ? "all " + tricks.size() + " refused" : "accepted: " + accepted,
        "");
  }

  /** What a null sender may do: a read receipt with the user's own From: goes through, signed. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(24)
  void aReadReceiptWithTheUsersOwnFromIsAcceptedAndSigned(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    SmtpClient.Reply r =
        submitRaw(
            mx,
            false,
            "",
            "bob@a.test",
            Mx.message(
                "alice@b.test",
                "bob@a.test",
                "Read: your message " + t,
                "Your message was displayed."));
    PROBES.check(
        "587: alice, MAIL FROM:<>, her own From: (read receipt)",
        suite,
        r.code() == 250,
        r.text(),
        "");
    Imap.Found f = mx.awaitMail("bob", BOB_PASSWORD, List.of("INBOX", "Junk"), t);
    assertThat(f.header("DKIM-Signature"))
        .as("signed for b.test:\n" + f.raw())
        .contains("d=b.test");
  }

  /**
   * With the sender check stopped, submission must defer (the client keeps the message and
   * retries), never send unchecked. Postfix answers 4xx as soon as the milter is needed: at
   * STARTTLS already, or later.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(25)
  void submissionIsDeferredWhileTheSenderCheckIsDown(String suite) {
    Mx mx = MX.get(suite);
    mx.sh("systemctl stop mailpush-sender-check 2>&1");
    try (SmtpClient c = SmtpClient.connect(mx.port(587))) {
      SmtpClient.Reply r =
          firstRefusal(
              List.of(
                  () -> c.ehlo("laptop.a.test"),
                  () -> c.command("STARTTLS"),
                  () -> c.upgradeAndEhlo(mx.tls(), "laptop.a.test"),
                  () -> c.authPlain("alice", ALICE_PASSWORD),
                  () -> c.mailFrom(""),
                  () -> c.rcptTo("bob@a.test"),
                  () ->
                      c.data(
                          Mx.message(
                              "bob@a.test",
                              "bob@a.test",
                              "unchecked " + Mx.token(),
                              "While the check is down."))));
      PROBES.check(
          "587: From: bob@a.test while the sender check is down",
          suite,
          r.code() >= 400 && r.code() < 500,
          r.text(),
          "expected a 4xx: the client keeps the message and retries\n" + c.transcript());
    } finally {
      mx.host()
          .exec("systemctl", "start", "mailpush-sender-check")
          .requireSuccess("restart the sender check");
    }
  }

  /** Runs the steps in order; the first reply that is not positive, or the last reply. */
  static SmtpClient.Reply firstRefusal(List<java.util.function.Supplier<SmtpClient.Reply>> steps) {
    SmtpClient.Reply r = null;
    for (java.util.function.Supplier<SmtpClient.Reply> step : steps) {
      r = step.get();
      if (!r.positive()) {
        return r;
      }
    }
    return r;
  }

  /**
   * One message on 587 (STARTTLS) or 465 (implicit TLS) as alice; the reply to MAIL, RCPT or the
   * end of DATA.
   */
  static SmtpClient.Reply submitRaw(
      Mx mx, boolean implicitTls, String envelope, String rcpt, String message) {
    try (SmtpClient c =
        implicitTls
            ? SmtpClient.connectTls(mx.port(465), mx.tls())
            : mx.submission("alice", ALICE_PASSWORD)) {
      if (implicitTls) {
        c.ehlo("laptop.a.test");
        assertThat(c.authPlain("alice", ALICE_PASSWORD).code()).as(c.transcript()).isEqualTo(235);
      }
      SmtpClient.Reply r = c.mailFrom(envelope);
      if (r.code() != 250) {
        return r;
      }
      r = c.rcptTo(rcpt);
      if (r.code() != 250) {
        return r;
      }
      return c.data(message);
    }
  }

  // ---------------------------------------------------------------- 3. system accounts

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(30)
  void systemAccountsCannotLogInEvenWithTheRightPassword(String suite) throws Exception {
    Mx mx = MX.get(suite);
    try (Imap.Raw imap = new Imap.Raw(mx.port(143))) {
      imap.starttls(mx.tls());
      String status =
          Imap.Raw.status(imap.command("LOGIN " + TargetHost.ADMIN + " " + ADMIN_PASSWORD));
      PROBES.check(
          "IMAP: sudo user admin, right password",
          suite,
          !status.contains(" OK"),
          status,
          imap.transcript());
    }
    try (SmtpClient c = SmtpClient.connect(mx.port(587))) {
      c.ehlo("laptop.a.test");
      c.starttls(mx.tls(), "laptop.a.test");
      SmtpClient.Reply r = c.authPlain("root", ROOT_PASSWORD);
      PROBES.check(
          "587: AUTH as root, right password", suite, refusedLogin(r), r.text(), c.transcript());
    }
    try (SmtpClient c = SmtpClient.connectTls(mx.port(465), mx.tls())) {
      c.ehlo("laptop.a.test");
      SmtpClient.Reply r = c.authPlain(TargetHost.ADMIN, ADMIN_PASSWORD);
      PROBES.check(
          "465: AUTH as admin, right password", suite, refusedLogin(r), r.text(), c.transcript());
    }
    // Mail users still log in.
    try (jakarta.mail.Store store = Imap.login(mx.tls(), mx.port(993), "bob", BOB_PASSWORD)) {
      assertThat(store.isConnected()).isTrue();
    }
  }

  /**
   * 535, or 454 once Dovecot's penalty for repeated failures from one address (2, 4, 8 s...)
   * outlasts Postfix's wait for the answer: refused either way, and never 235.
   */
  static boolean refusedLogin(SmtpClient.Reply r) {
    return r.code() == 535 || r.code() == 454 && r.text().contains("authentication");
  }

  /**
   * Another host tries admin's right password on IMAPS six times: fail2ban must count it and ban.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(31)
  void fail2banCountsSystemAccountLogins(String suite) throws Exception {
    Mx victim = MX.get(suite);
    Mx attacker =
        MX.values().stream().filter(m -> !m.suite().equals(suite)).findFirst().orElseThrow();
    String target = victim.address();
    try {
      String replies =
          attacker
              .host()
              .exec(
                  "sh", "-c", ATTACK_IMAP, "attack", target, "6", TargetHost.ADMIN, ADMIN_PASSWORD)
              .stdout();
      boolean refused = replies.contains("a NO") && !replies.contains("a OK");
      boolean banned = banned(victim, "dovecot", attacker.address(), Duration.ofSeconds(45));
      PROBES.check(
          "IMAP: 6 logins as admin from one address -> fail2ban",
          suite,
          refused && banned,
          (refused ? "all refused" : "LOGGED IN") + ", " + (banned ? "banned" : "not banned"),
          replies);
    } finally {
      victim.sh("fail2ban-client unban --all");
    }
  }

  /**
   * Whether fail2ban's {@code jail} on the victim lists the address as banned within {@code
   * timeout}.
   */
  static boolean banned(Mx victim, String jail, String address, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      String status = victim.sh("fail2ban-client status " + jail + " 2>&1");
      if (status.lines().anyMatch(l -> l.contains("Banned IP list") && l.contains(address))) {
        return true;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** $1 target, $2 attempts, $3 user, $4 password: IMAPS logins in parallel; prints the replies. */
  static final String ATTACK_IMAP =
      """
      out=$(mktemp -d)
      for i in $(seq 1 "$2"); do
        printf 'a LOGIN %s %s\\r\\nb LOGOUT\\r\\n' "$3" "$4" \\
          | timeout 20 openssl s_client -connect "$1:993" -quiet >"$out/$i" 2>&1 &
      done
      wait
      cat "$out"/*
      """;

  // ---------------------------------------------------------------- 4. postmaster, abuse, root

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(40)
  void postmasterAbuseAndRootMailReachThePostmastersInbox(String suite) throws Exception {
    Mx mx = MX.get(suite);
    List<String> rcpts =
        List.of(
            "postmaster@a.test",
            "postmaster@b.test",
            "abuse@a.test",
            "abuse@b.test",
            "postmaster@" + mx.hostname(),
            "root@" + mx.hostname(),
            "daemon@" + mx.hostname());
    Map<String, String> tokens = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    for (String rcpt : rcpts) {
      String t = Mx.token();
      try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
        c.ehlo("client.outside.test");
        c.mailFrom(OUTSIDE);
        SmtpClient.Reply r = c.rcptTo(rcpt);
        if (r.code() != 250) {
          refused.add(rcpt + ": " + r.text());
          continue;
        }
        assertThat(
                c.data(Mx.message(OUTSIDE, rcpt, "to " + rcpt + " " + t, "Hello postmaster."))
                    .code())
            .as(c.transcript())
            .isEqualTo(250);
        tokens.put(rcpt, t);
      }
    }
    // A local job's mail to root, as cron sends it.
    String cron = Mx.token();
    mx.host()
        .exec(
            "sh",
            "-c",
            "printf 'Subject: cron output %s\\n\\nDisk check ok.\\n' \"$1\" | /usr/sbin/sendmail root",
            "sh",
            cron)
        .requireSuccess("sendmail root");
    tokens.put("root (sendmail on the host)", cron);
    List<String> notThere =
        mx.missing("alice", ALICE_PASSWORD, "INBOX", List.copyOf(tokens.values()));
    List<String> missing =
        tokens.entrySet().stream()
            .filter(e -> notThere.contains(e.getValue()))
            .map(Map.Entry::getKey)
            .toList();
    PROBES.check(
        "postmaster@, abuse@ each domain; postmaster@, root@, daemon@ host; sendmail root",
        suite,
        refused.isEmpty() && missing.isEmpty(),
        refused.isEmpty() && missing.isEmpty()
            ? "all " + tokens.size() + " in the postmaster's INBOX"
            : "refused " + refused + ", not delivered " + missing,
        mx.diag());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(41)
  void otherLocalPartsAtTheHostnameAreRefusedAtRcpt(String suite) {
    Mx mx = MX.get(suite);
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      c.mailFrom(OUTSIDE);
      SmtpClient.Reply r = c.rcptTo("nobody-" + Mx.token() + "@" + mx.hostname());
      PROBES.check(
          "25: RCPT to an unknown local part of the host name",
          suite,
          r.code() == 550,
          r.text(),
          c.transcript());
    }
  }

  /**
   * The postmaster aliasing must not swallow a mail user's +tag addresses (at a domain and at the
   * host).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(42)
  void tagAddressesOfMailUsersStillReachThem(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t1 = Mx.token();
    String t2 = Mx.token();
    mx.sendOn25(OUTSIDE, "bob+lists@a.test", "tagged " + t1, "Plus addressing.");
    mx.sendOn25(
        OUTSIDE, "bob+cron@" + mx.hostname(), "tagged " + t2, "Plus addressing at the host.");
    List<String> missing = mx.missing("bob", BOB_PASSWORD, "INBOX", List.of(t1, t2));
    PROBES.check(
        "25: bob+lists@a.test and bob+cron@host reach bob",
        suite,
        missing.isEmpty(),
        missing.isEmpty() ? "both in bob's INBOX" : "missing " + missing,
        mx.diag());
  }

  // ---------------------------------------------------------------- 5. queue ids and the duplicate
  // guard

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(50)
  void queueIdsAreLongAndUniqueAndEveryMessageIsStored(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    int n = 12;
    List<String> ids = new ArrayList<>();
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      for (int i = 0; i < n; i++) {
        c.mailFrom(OUTSIDE);
        c.rcptTo("alice@a.test");
        SmtpClient.Reply r =
            c.data(
                Mx.message(
                    OUTSIDE, "alice@a.test", "burst " + t + " #" + i, "Same sender, same second."));
        Matcher m = Pattern.compile("queued as ([0-9A-Za-z]+)").matcher(r.text());
        assertThat(m.find()).as(c.transcript()).isTrue();
        ids.add(m.group(1));
      }
    }
    long deadline = System.nanoTime() + Mx.DELIVERY.toNanos();
    int stored;
    do {
      stored = mx.count("alice", ALICE_PASSWORD, "INBOX", "burst " + t);
      if (stored < n) {
        Thread.sleep(500);
      }
    } while (stored < n && System.nanoTime() < deadline);
    boolean longIds = ids.stream().allMatch(id -> id.length() >= 12 && !id.matches("[0-9A-F]+"));
    boolean unique = ids.stream().distinct().count() == n;
    PROBES.check(
        "25: " + n + " messages in one second: long unique queue ids, all stored",
        suite,
        longIds && unique && stored == n,
        "ids like "
            + ids.get(0)
            + (longIds ? " (long)" : " (SHORT)")
            + ", "
            + (unique ? "unique" : "REPEATED")
            + ", "
            + stored
            + "/"
            + n
            + " stored",
        ids.toString());
  }

  /**
   * A real restart repeat (the same queue id twice) is dropped; another message with its own id is
   * kept.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(51)
  void aRepeatedQueueIdIsDroppedWhileADifferentOneIsKept(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    String body = Mx.message(OUTSIDE, "alice@a.test", "repeat " + t, "Once, please.");
    for (String queueId : List.of("4dQx8r1Wz9zkP3m", "4dQx8r1Wz9zkP3m", "4dQx8r1Xa2zkP3m")) {
      String received =
          "Received: from client.outside.test (unknown [192.0.2.7])\n\tby "
              + mx.hostname()
              + " (Postfix) with ESMTP id "
              + queueId
              + "\n\tfor <alice@a.test>; Tue, 01 Dec 2026 10:00:00 +0000\n";
      mx.host()
          .exec(
              "sh",
              "-c",
              "printf '%s' \"$1\" | /usr/lib/dovecot/dovecot-lda -d alice",
              "lda",
              received + body)
          .requireSuccess(suite + ": dovecot-lda");
    }
    int stored = mx.count("alice", ALICE_PASSWORD, "INBOX", "repeat " + t);
    PROBES.check(
        "Sieve duplicate guard: same long queue id twice + another id",
        suite,
        stored == 2,
        stored + " of 3 deliveries stored (2 expected)",
        "");
  }

  // ---------------------------------------------------------------- 6. what submissions reveal

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(60)
  void submittedMailCarriesNoTraceOfTheSendersMachine(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    String rcpt = "carol-" + t + "@outside.test";
    String message =
        "X-Mailer: HomeMailer 3.2 (Windows 10; build 19045)\nUser-Agent: HomeMailer/3.2\n"
            + "X-Originating-IP: [192.168.178.23]\n"
            + Mx.message("alice@a.test", rcpt, "private " + t, "From my laptop.");
    try (SmtpClient c = SmtpClient.connect(mx.port(587))) {
      c.ehlo("laptop.home.invalid");
      c.starttls(mx.tls(), "laptop.home.invalid");
      assertThat(c.authPlain("alice", ALICE_PASSWORD).code()).as(c.transcript()).isEqualTo(235);
      assertThat(c.mailFrom("alice@a.test").code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.rcptTo(rcpt).code()).as(c.transcript()).isEqualTo(250);
      assertThat(c.data(message).code()).as(c.transcript()).isEqualTo(250);
    }
    Optional<SmtpSink.Received> got = sink.await(r -> r.rcptTo().contains(rcpt), Mx.DELIVERY);
    assertThat(got).as(sink.log() + "\n" + mx.diag()).isPresent();
    String head = headers(got.get().text());
    List<String> leaks = new ArrayList<>();
    for (String trace : List.of("laptop.home.invalid", gateway, "192.168.178.23", "HomeMailer")) {
      if (head.contains(trace)) {
        leaks.add(trace);
      }
    }
    String record =
        DkimVerifier.txtValue(mx.host().exec("cat", "/etc/opendkim/keys/a.test/mail.txt").stdout());
    DkimVerifier.Verdict dkim =
        DkimVerifier.verify(got.get().data(), "mail._domainkey.a.test", record);
    PROBES.check(
        "587: client HELO, address, X-Mailer, User-Agent in what leaves",
        suite,
        leaks.isEmpty() && dkim.valid(),
        (leaks.isEmpty() ? "none" : "LEAKED " + leaks)
            + ", DKIM "
            + (dkim.valid() ? "valid" : "INVALID"),
        head + "\n" + dkim.output());
    assertThat(head)
        .as("our own Received line stays")
        .containsPattern("Received: by " + Pattern.quote(mx.hostname()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(61)
  void mailFromOutsideKeepsItsTraceHeaders(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    mx.sendOn25(OUTSIDE, "alice@a.test", "traced " + t, "Hello.");
    Imap.Found f = mx.awaitMail("alice", ALICE_PASSWORD, List.of("INBOX", "Junk"), t);
    boolean traced = headers(f.raw()).contains("from client.outside.test");
    PROBES.check(
        "25: mail from outside keeps the client's Received trace",
        suite,
        traced,
        traced ? "kept" : "REMOVED",
        f.raw());
  }

  /** The header section of a raw message (up to the first empty line). */
  static String headers(String raw) {
    String n = raw.replace("\r\n", "\n");
    int end = n.indexOf("\n\n");
    return end < 0 ? n : n.substring(0, end);
  }

  // ---------------------------------------------------------------- also expected: size, DSN
  // signatures

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(70)
  void messagesUpTo25MegabytesAreAcceptedAndLargerOnesRefused(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    long advertised;
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      advertised =
          c.ehlo("client.outside.test").lines().stream()
              .filter(l -> l.toUpperCase(Locale.ROOT).startsWith("SIZE "))
              .mapToLong(l -> Long.parseLong(l.substring(5).strip()))
              .findFirst()
              .orElse(-1);
    }
    SmtpClient.Reply big =
        submitRaw(
            mx,
            false,
            "alice@a.test",
            "alice@b.test",
            Mx.message("alice@a.test", "alice@b.test", "big " + t, filler(20 * MIB)));
    SmtpClient.Reply huge =
        submitRaw(
            mx,
            false,
            "alice@a.test",
            "alice@b.test",
            Mx.message("alice@a.test", "alice@b.test", "huge " + t, filler(26 * MIB)));
    boolean ok = advertised == 25 * MIB && big.code() == 250 && huge.code() == 552;
    PROBES.check(
        "message size: SIZE on 25, 20 MiB on 587, 26 MiB on 587",
        suite,
        ok,
        "SIZE " + advertised + ", 20 MiB -> " + big.code() + ", 26 MiB -> " + huge.code(),
        big + "\n" + huge);
    Imap.Found f = mx.awaitMail("alice", ALICE_PASSWORD, List.of("INBOX"), "big " + t);
    assertThat(f.raw().length())
        .as("the 20 MiB message arrived whole")
        .isGreaterThan((int) (20 * MIB));
  }

  /** Base64-like lines of 76 characters up to about {@code bytes}. */
  static String filler(long bytes) {
    String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n";
    return line.repeat((int) (bytes / line.length()) + 1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(71)
  void deliveryReportsFromTheHostAreDkimSigned(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    try (SmtpClient c = mx.submission("alice", ALICE_PASSWORD)) {
      assertThat(c.mailFrom("alice@a.test", "RET=HDRS ENVID=" + t).code())
          .as(c.transcript())
          .isEqualTo(250);
      assertThat(c.rcptTo("alice@b.test", "NOTIFY=SUCCESS").code())
          .as(c.transcript())
          .isEqualTo(250);
      assertThat(
              c.data(
                      Mx.message(
                          "alice@a.test",
                          "alice@b.test",
                          "tracked " + t,
                          "Tell me when it arrives."))
                  .code())
          .as(c.transcript())
          .isEqualTo(250);
    }
    Imap.Found dsn =
        mx.awaitMail(
            "alice",
            ALICE_PASSWORD,
            List.of("INBOX"),
            subject -> subject.toLowerCase(Locale.ROOT).contains("delivery"),
            raw -> raw.contains(t),
            "DSN for " + t);
    String record =
        DkimVerifier.txtValue(mx.host().exec("cat", "/etc/opendkim/keys/a.test/mail.txt").stdout());
    DkimVerifier.Verdict v =
        DkimVerifier.verify(
            dsn.raw().getBytes(StandardCharsets.UTF_8), "mail._domainkey.a.test", record);
    PROBES.check(
        "delivery report from MAILER-DAEMON@host: DKIM d=a.test",
        suite,
        v.valid(),
        v.valid() ? "signed, dkimpy: valid" : "NOT signed or invalid",
        headers(dsn.raw()) + "\n" + v.output());
  }

  // ---------------------------------------------------------------- also expected: inbound DMARC

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(80)
  void aFailingFromOfAPRejectDomainIsRejected(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      c.mailFrom(OUTSIDE);
      c.rcptTo("alice@a.test");
      SmtpClient.Reply r =
          c.data(Mx.message("ceo@dmarc-reject.test", "alice@a.test", "dmarc reject " + t, "Pay."));
      PROBES.check(
          "25: From: a p=reject domain, DMARC fails",
          suite,
          r.code() >= 500,
          r.text(),
          c.transcript());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(81)
  void aFailingFromOfAPQuarantineDomainGoesToJunkEvenWithAForgedPass(String suite)
      throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    String forged =
        "Authentication-Results: "
            + mx.hostname()
            + "; dmarc=pass header.from=dmarc-quarantine.test\n";
    try (SmtpClient c = SmtpClient.connect(mx.port(25))) {
      c.ehlo("client.outside.test");
      c.mailFrom(OUTSIDE);
      c.rcptTo("alice@a.test");
      assertThat(
              c.data(
                      forged
                          + Mx.message(
                              "news@dmarc-quarantine.test",
                              "alice@a.test",
                              "dmarc quarantine " + t,
                              "Maybe."))
                  .code())
          .as(c.transcript())
          .isEqualTo(250);
    }
    Imap.Found f = mx.awaitMail("alice", ALICE_PASSWORD, List.of("INBOX", "Junk"), t);
    String ar = Optional.ofNullable(f.header("Authentication-Results")).orElse("");
    boolean junk = f.folder().equals("Junk");
    boolean forgedGone = !ar.contains("dmarc=pass");
    PROBES.check(
        "25: From: a p=quarantine domain, DMARC fails (+ forged A-R pass)",
        suite,
        junk && forgedGone && ar.contains("dmarc=fail"),
        "filed into "
            + f.folder()
            + ", "
            + (forgedGone ? "forged header removed" : "FORGED HEADER KEPT"),
        headers(f.raw()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(82)
  void aPassingFromIsDeliveredWithAnAuthenticationResultsHeader(String suite) throws Exception {
    Mx mx = MX.get(suite);
    String t = Mx.token();
    mx.sendOn25("news@dmarc-pass.test", "alice@a.test", "dmarc pass " + t, "Legit.");
    Imap.Found f = mx.awaitMail("alice", ALICE_PASSWORD, List.of("INBOX", "Junk"), t);
    String ar = Optional.ofNullable(f.header("Authentication-Results")).orElse("");
    PROBES.check(
        "25: From: a domain whose SPF passes and aligns",
        suite,
        f.folder().equals("INBOX") && ar.contains(mx.hostname()) && ar.contains("dmarc=pass"),
        "filed into "
            + f.folder()
            + ", "
            + (ar.contains("dmarc=pass") ? "dmarc=pass" : "no dmarc=pass"),
        headers(f.raw()));
  }

  // ---------------------------------------------------------------- what verify checks

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bullseye", "bookworm", "trixie"})
  @Order(90)
  void everythingVerifyChecksPasses(String suite) throws Exception {
    Mx mx = MX.get(suite);
    Path ca = dir.resolve("ca-" + suite + ".pem");
    Files.writeString(ca, mx.host().exec("cat", "/etc/mailpush/tls/fullchain.pem").stdout());
    StringBuilder map = new StringBuilder();
    for (int p : PORTS) {
      map.append(map.length() == 0 ? "" : ",").append(p).append('=').append(mx.port(p));
    }
    CliRun run =
        CliRun.of(
            "verify",
            inventory.file().toString(),
            "--limit",
            mx.name(),
            "--connect",
            "127.0.0.1",
            "--port-map",
            map.toString(),
            "--ca-file",
            ca.toString(),
            "--json");
    List<JsonNode> checks =
        run.events().stream().filter(e -> e.path("type").asText().equals("check")).toList();
    assertThat(checks).as(run.toString()).isNotEmpty();
    List<String> failed = new ArrayList<>();
    for (JsonNode c : checks) {
      String status = c.path("status").asText();
      boolean ok = status.equals("ok") || status.equals("info");
      PROBES.record(
          "verify: " + c.path("check").asText(),
          suite,
          ok,
          status + ": " + c.path("message").asText());
      if (!ok) {
        failed.add(c.toString());
      }
    }
    assertThat(failed).as("verify checks that did not pass").isEmpty();
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }
}
