package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [mail.relay]}: the smarthost's login; its password is the admin's secret. */
class RelaySectionTest {
  private static final Path CA = Path.of("src/test/resources/golden/full/relay-ca.pem");

  @TempDir Path dir;

  private Path secret(String name, String content) {
    return Fixture.secret(dir, name, content);
  }

  private static String relay(String lines) {
    return "[mail.relay]\n" + lines + "\n" + HOST;
  }

  private static final String LOGIN =
      "host = \"smtp.provider.example\"\nuser = \"mx1@example.com\"\npassword_file = \"pw\"\n";

  @Test
  void readsTheLoginWithDefaultsButNeverShowsThePassword() throws IOException {
    secret("pw", "relay-s3cret:with colon\nignored\n");
    HostConfig host = Fixture.load(dir, relay(LOGIN)).hosts().get(0);
    RelayConfig r = host.mail().relay().orElseThrow();
    assertThat(r.port()).isEqualTo(587);
    assertThat(r.tls()).isEqualTo(RelayConfig.Tls.STARTTLS);
    assertThat(r.caPem()).isEmpty();
    assertThat(r.passwordMapLine())
        .isEqualTo("[smtp.provider.example]:587 mx1@example.com:relay-s3cret:with colon\n");
    String shown = r + " " + host + " " + host.model();
    assertThat(shown).contains("smtp.provider.example").doesNotContain("s3cret");
    @SuppressWarnings("unchecked")
    Map<String, Object> mail = (Map<String, Object>) host.model().get("mail");
    assertThat(mail.get("relay").toString()).doesNotContain("s3cret");
  }

  @Test
  void implicitTlsDefaultsTo465AndAPrivateCaIsKept() throws IOException {
    secret("pw", "pw\n");
    Files.copy(CA, dir.resolve("ca.pem"));
    RelayConfig r =
        Fixture.load(dir, relay(LOGIN + "tls = \"tls\"\nca_file = \"ca.pem\""))
            .hosts()
            .get(0)
            .mail()
            .relay()
            .orElseThrow();
    assertThat(r.nextHop()).isEqualTo("[smtp.provider.example]:465");
    assertThat(r.caPem().orElseThrow()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void aHostsRelayTableReplacesTheDefaultOne() throws IOException {
    secret("pw", "pw\n");
    secret("pw2", "other\n");
    Inventory inv =
        Fixture.load(
            dir,
            relay(LOGIN)
                + "[hosts.mx1.mail.relay]\nhost = \"2001:db8::25\"\n"
                + "user = \"mx1\"\npassword_file = \"pw2\"\nport = 2525\n");
    RelayConfig r = inv.hosts().get(0).mail().relay().orElseThrow();
    assertThat(r.passwordMapLine()).isEqualTo("[ipv6:2001:db8::25]:2525 mx1:other\n");
  }

  @Test
  void noRelayTableMeansDirectDelivery() {
    assertThat(Fixture.load(dir, HOST).hosts().get(0).mail().relay()).isEmpty();
  }

  @Test
  void eachMistakeIsReportedAtItsLineWithAFix() throws IOException {
    secret("pw", "pw\n");
    secret("spaces", " pw \n");
    Path open = Files.writeString(dir.resolve("open"), "pw\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(dir.resolve("notpem"), "hello\n");
    assertProblem(
        "host = \"smtp.provider.example\"\nuser = \"u\"", 1, "needs password_file", "chmod 600");
    assertProblem("user = \"u\"\npassword_file = \"pw\"", 1, "needs host", "host = ");
    assertProblem(
        "host = \"smtp.provider.example\"\npassword_file = \"pw\"", 1, "needs user", "user = ");
    assertProblem(LOGIN + "tls = \"ssl\"", 5, "\"ssl\" is not one of starttls | tls", "starttls");
    assertProblem(LOGIN + "port = 465", 5, "port 465 speaks TLS", "tls = \"tls\"");
    assertProblem(LOGIN + "port = 587\ntls = \"tls\"", 5, "port 587 starts in plaintext", "465");
    assertProblem(LOGIN + "port = 0", 5, "port", "");
    assertProblem(
        LOGIN + "ca_file = \"notpem\"", 5, "holds no PEM certificate", "BEGIN CERTIFICATE");
    assertProblem(LOGIN + "ca_file = \"missing.pem\"", 5, "cannot read", "ca_file");
    assertProblem(LOGIN + "relay_host = \"x\"", 5, "unknown key \"relay_host\"", "");
    assertProblem(
        LOGIN.replace("\"pw\"", "\"open\""), 4, "can be read by other users", "chmod 600 " + open);
    assertProblem(
        LOGIN.replace("\"pw\"", "\"spaces\""), 4, "starts or ends with spaces", "first line");
    assertProblem(
        LOGIN.replace("mx1@example.com", "mx1 example"), 3, "is not a relay login", "colons");
  }

  @Test
  void aRelayhostOverrideWouldBypassTheRelayAndIsRefused() throws IOException {
    secret("pw", "pw\n");
    List<Problem> problems =
        Fixture.problems(
            dir, relay(LOGIN) + "[mail.postfix_overrides]\nrelayhost = \"[other.example]:25\"\n");
    assertThat(problems)
        .extracting(Problem::line, Problem::message)
        .containsExactly(
            tuple(
                10,
                "relayhost in [mail.postfix_overrides] contradicts [mail.relay], which sets it"
                    + " (host \"mx1\")"));
  }

  private void assertProblem(String lines, int line, String message, String hint) {
    List<Problem> problems = Fixture.problems(dir, relay(lines));
    assertThat(problems).as(lines).hasSize(1);
    assertThat(problems.get(0).line()).as(lines).isEqualTo(line);
    assertThat(problems.get(0).message()).as(lines).contains(message);
    assertThat(problems.get(0).hint()).as(lines).contains(hint);
  }
}
