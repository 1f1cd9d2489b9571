package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [dns]}: the server and TSIG key of dns apply; the secret is a file of the admin's. */
class DnsSectionTest {
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";

  @TempDir Path dir;

  private void secret(String name, String content) throws IOException {
    Path f = Files.writeString(dir.resolve(name), content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void readsTheServerAndTheSecretFromAKeyFileAndNeverShowsIt() throws IOException {
    secret(
        "bind.key",
        "key \"mailpush\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
    Inventory inv =
        Fixture.load(
            dir,
            "[dns]\nserver = \"ns1.example.net:5353\"\ntsig_key_name = \"mailpush\"\n"
                + "tsig_secret_file = \"bind.key\"\nttl = 600\n"
                + HOST);
    DnsConfig dns = inv.dns().orElseThrow();
    assertThat(List.of(dns.server(), dns.port(), dns.algorithm(), dns.ttl()))
        .containsExactly("ns1.example.net", 5353, "hmac-sha256", 600);
    assertThat(dns.secret()).isEqualTo(SECRET);
    assertThat(dns.toString()).doesNotContain(SECRET);

    secret("plain", SECRET + "\n");
    DnsConfig plain =
        Fixture.load(
                dir,
                "[dns]\nserver = \"192.0.2.53\"\ntsig_key_name = \"k\"\ntsig_algorithm = \"hmac-sha512\"\n"
                    + "tsig_secret_file = \"plain\"\n"
                    + HOST)
            .dns()
            .orElseThrow();
    assertThat(List.of(plain.port(), plain.algorithm(), plain.secret()))
        .containsExactly(53, "hmac-sha512", SECRET);
    assertThat(Fixture.load(dir, HOST).dns()).isEmpty();
  }

  @Test
  void eachMistakeIsReportedAtItsLineWithAFix() throws IOException {
    secret("ok", SECRET + "\n");
    secret("short", "c2hvcnQ=\n");
    Path open = Files.writeString(dir.resolve("open"), SECRET + "\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    String good = "tsig_key_name = \"k\"\ntsig_secret_file = \"ok\"\n";
    assertProblem("[dns]\nserver = \"ns1 example\"\n" + good, 2, "is not a name server", ":port");
    assertProblem("[dns]\n" + good, 1, "[dns] needs server", "server = ");
    assertProblem(
        "[dns]\nserver = \"ns1.example.net\"\ntsig_key_name = \"k\"\ntsig_secret_file = \"short\"\n",
        4,
        "holds no TSIG secret",
        "base64");
    assertProblem(
        "[dns]\nserver = \"ns1.example.net\"\ntsig_key_name = \"k\"\ntsig_secret_file = \"open\"\n",
        4,
        "can be read by other users",
        "chmod 600");
    assertProblem(
        "[dns]\nserver = \"ns1.example.net\"\n" + good + "tsig_algorithm = \"hmac-md5\"\n",
        5,
        "is not one of",
        "hmac-sha256");
  }

  private void assertProblem(String toml, int line, String message, String hint) {
    List<Problem> problems = Fixture.problems(dir, toml + HOST);
    assertThat(problems).as(toml).hasSize(1);
    assertThat(problems.get(0).line()).as(toml).isEqualTo(line);
    assertThat(problems.get(0).message()).contains(message);
    assertThat(problems.get(0).hint()).contains(hint);
  }
}
