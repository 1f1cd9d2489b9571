package dev.mailpush.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TargetHosts;
import dev.mailpush.testhosts.TestInventory;
import dev.mailpush.tls.TestCerts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/RollingDeploy.java, run as a user runs it (the {@code java} source launcher against
 * mailpush's classes), on three Debian 12 hosts: the canary is deployed and verified from outside
 * first, then the rest in a batch; a second rollout with a configuration one host's Postfix refuses
 * stops at that host and leaves the host after it untouched. The hosts carry certificates of a test
 * CA, which verify is told to trust.
 */
@RequiresDocker(suites = "bookworm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployE2ETest {
  static final int[] PORTS = {25, 465, 587, 143, 993};
  static final Path EXAMPLE = Path.of("examples", "RollingDeploy.java");

  @TempDir static Path dir;
  static TargetHosts hosts;
  static Path ca;

  @BeforeAll
  static void start() throws IOException {
    List<TargetHost.Builder> builders = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      builders.add(TargetHost.builder("bookworm").publish(PORTS).hostname("mx" + i + ".roll.test"));
    }
    hosts = TargetHosts.start(builders);
    TestCerts.Issued authority = TestCerts.ca("rollout test CA");
    ca = Files.writeString(dir.resolve("ca.pem"), TestCerts.pem(authority.cert()));
    for (int i = 0; i < 3; i++) {
      TestCerts.Issued leaf =
          TestCerts.leaf(
              authority,
              List.of(hostname(i)),
              List.of(),
              Instant.now().minusSeconds(60),
              Instant.now().plusSeconds(86400L * 90));
      // In place before the first deploy, which then keeps it (the self-signed bootstrap only fills
      // a gap).
      hosts
          .get(i)
          .exec(
              "sh",
              "-c",
              "umask 077 && mkdir -p /etc/mailpush/tls && printf '%s' \"$1\" > /etc/mailpush/tls/privkey.pem"
                  + " && printf '%s' \"$2\" > /etc/mailpush/tls/fullchain.pem && chmod 644 /etc/mailpush/tls/fullchain.pem",
              "sh",
              TestCerts.keyPem(leaf.key()),
              TestCerts.pem(leaf.cert(), authority.cert()))
          .requireSuccess("installing the test certificate");
    }
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  static String hostname(int i) {
    return "mx" + (i + 1) + ".roll.test";
  }

  static TestInventory inventory(String sub, String extra) {
    TestInventory.Builder b = TestInventory.builder(dir.resolve(sub));
    for (int i = 0; i < 3; i++) {
      b.host("mx" + (i + 1), hostname(i), hosts.get(i));
    }
    return b.extraToml(
            String.join(
                "\n",
                "[mail]",
                "enable_antispam = false",
                "enable_spf_check = false",
                "virtual_domains = [\"roll.test\"]",
                "[mail.virtual_addresses]",
                "\"alice@roll.test\" = \"alice\"",
                "[mail.users.alice]",
                "password_hash = \""
                    + Sha2Crypt.sha512Crypt("Alice-roll-5Kd".getBytes(StandardCharsets.UTF_8))
                    + "\"",
                "[tls]",
                "mode = \"self-signed\"",
                extra))
        .write();
  }

  /**
   * The example, source-launched by this JVM's java with this JVM's class path; exit status and
   * output.
   */
  record Launch(int exit, String output) {}

  static Launch rollout(TestInventory inv, String batch) throws Exception {
    StringBuilder map = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      for (int p : PORTS) {
        map.append(map.length() == 0 ? "" : ",")
            .append("mx")
            .append(i + 1)
            .append(':')
            .append(p)
            .append('=')
            .append(hosts.get(i).mappedPort(p));
      }
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                EXAMPLE.toString(),
                inv.file().toString(),
                "--batch",
                batch,
                "--connect",
                "127.0.0.1",
                "--port-map",
                map.toString(),
                "--ca-file",
                ca.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    System.out.println("---- examples/RollingDeploy.java --batch " + batch + "\n" + out);
    return new Launch(p.exitValue(), out);
  }

  @Test
  @Order(1)
  void theCanaryIsDeployedAndVerifiedBeforeTheOthersFollowInABatch() throws Exception {
    Launch run = rollout(inventory("good", ""), "2");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .containsSubsequence(
            "[rollout] canary mx1",
            "[rollout]   mx1: ",
            "[rollout] batch [mx2, mx3]",
            "[rollout] all 3 hosts deployed and verified");
    for (int i = 0; i < 3; i++) {
      assertThat(hosts.get(i).exec("systemctl", "is-active", "postfix").stdout().strip())
          .isEqualTo("active");
    }
  }

  @Test
  @Order(2)
  void aHostThatFailsStopsTheRolloutAndLeavesTheRestAlone() throws Exception {
    String mx3MainCf = hosts.get(2).exec("sha256sum", "/etc/postfix/main.cf").stdout();
    TestInventory bad =
        inventory(
            "bad",
            "[hosts.mx2.mail.postfix_overrides]\nsmtpd_tls_security_level = \"bogus\"\n"
                + "[hosts.mx3.mail]\nserver_label = \"never deployed\"");
    Launch run = rollout(bad, "1");
    assertThat(run.exit()).as(run.output()).isEqualTo(4);
    assertThat(run.output())
        .contains("[rollout] FAILED deploy on mx2")
        .contains("rollout stopped; not touched: [mx3]")
        .doesNotContain("batch [mx3]");
    assertThat(hosts.get(2).exec("sha256sum", "/etc/postfix/main.cf").stdout())
        .as("mx3 untouched")
        .isEqualTo(mx3MainCf);
    assertThat(hosts.get(1).exec("postconf", "-h", "smtpd_tls_security_level").stdout().strip())
        .as("mx2 kept its working configuration")
        .isEqualTo("may");
  }
}
