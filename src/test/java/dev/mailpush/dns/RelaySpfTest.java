package dev.mailpush.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host with a smarthost: receivers check the relay's address against SPF, not the host's. */
class RelaySpfTest {
  @TempDir Path dir;

  private HostConfig host() throws IOException {
    Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.toml"),
            """
            [mail]
            virtual_domains = ["example.com"]
            [mail.virtual_addresses]
            "alice@example.com" = "alice"
            [mail.relay]
            host = "smtp.provider.example"
            user = "mx1@example.com"
            password_file = "pw"
            [hosts.mx1]
            address = "192.0.2.10"
            hostname = "mail.example.com"
            """);
    return new InventoryLoader(dir).load(inventory).hosts().get(0);
  }

  private Check spfHost(FakeDns dns) throws IOException {
    HostConfig h = host();
    List<Check> checks =
        new DnsReport(dns, List.of(), Clock.systemUTC())
            .run(List.of(h), Map.of(h.name(), new DkimKeySource.HostKeys.NotAsked()));
    return checks.stream().filter(c -> c.check().equals("spf-host")).findFirst().orElseThrow();
  }

  @Test
  void theRelaysAddressMustPassNotTheHosts() throws IOException {
    FakeDns dns =
        new FakeDns()
            .add("smtp.provider.example", RecordType.A, "198.51.100.25")
            .add("example.com", RecordType.TXT, "v=spf1 ip4:198.51.100.25 -all");
    Check c = spfHost(dns);
    assertThat(c.status()).as(c.toString()).isEqualTo(Status.OK);
    assertThat(c.message()).isEqualTo("SPF authorises the relay smtp.provider.example");
  }

  @Test
  void anSpfRecordForTheHostOnlyWarnsWithTheRelaysAddressAsTheFix() throws IOException {
    FakeDns dns =
        new FakeDns()
            .add("smtp.provider.example", RecordType.A, "198.51.100.25")
            .add("example.com", RecordType.TXT, "v=spf1 ip4:192.0.2.10 -all");
    Check c = spfHost(dns);
    assertThat(c.status()).isEqualTo(Status.WARN);
    assertThat(c.message())
        .contains("SPF does not authorise the relay smtp.provider.example")
        .endsWith("mail from this host leaves through the relay");
    assertThat(c.fix()).contains("ip4:198.51.100.25", "include:");
  }
}
