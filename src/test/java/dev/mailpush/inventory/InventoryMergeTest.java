package dev.mailpush.inventory;

import static dev.mailpush.inventory.Fixture.HASH;
import static dev.mailpush.inventory.Fixture.HOME;
import static dev.mailpush.inventory.Fixture.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, per-host overrides and normalisation of a valid inventory. */
class InventoryMergeTest {
  @TempDir Path dir;

  @Test
  void aCatchAllIsAnAddressOfItsDomainAndExplicitRoleAddressesStay() {
    MailConfig mail =
        Fixture.load(
                dir,
                "[mail]\nvirtual_domains = [\"example.com\"]\n[mail.virtual_addresses]\n"
                    + "\"alice@example.com\" = \"alice\"\n\"@Example.com\" = \"bob\"\n"
                    + HOST)
            .hosts()
            .get(0)
            .mail();
    assertThat(mail.addressMap())
        .containsEntry("@example.com", List.of("bob"))
        .containsEntry("alice@example.com", List.of("alice"))
        .containsEntry("postmaster@example.com", List.of("alice"));
    assertThat(mail.mailUsers()).contains("alice", "bob");
  }

  @Test
  void aPublicAddressIsWhereTheWorldReachesTheHost() {
    assertThat(Fixture.load(dir, HOST).hosts().get(0).publishedAddresses())
        .containsExactly("203.0.113.10");
    assertThat(
            Fixture.load(dir, HOST + "public_address = \"198.51.100.7\"\n")
                .hosts()
                .get(0)
                .publishedAddresses())
        .containsExactly("198.51.100.7");
    assertThat(
            Fixture.load(dir, HOST + "public_address = [\"198.51.100.7\", \"2001:DB8::7\"]\n")
                .hosts()
                .get(0)
                .publishedAddresses())
        .containsExactly("198.51.100.7", "2001:db8::7");
  }

  @Test
  void appliesDefaultsWhenOnlyAHostIsGiven() {
    HostConfig host = Fixture.load(dir, HOST).hosts().get(0);

    assertThat(host.name()).isEqualTo("mx1");
    assertThat(host.ssh())
        .isEqualTo(
            new SshConfig(
                "root",
                22,
                Optional.empty(),
                HOME.resolve(".ssh/known_hosts"),
                SshConfig.HostKeyPolicy.STRICT,
                SshConfig.Become.NONE,
                Optional.empty(),
                Duration.ofSeconds(10)));
    assertThat(host.ssh().keepAlive())
        .as("15 s x 4, as inventory.example.toml says")
        .isEqualTo(new SshConfig.KeepAlive(Duration.ofSeconds(15), 4));
    MailConfig mail = host.mail();
    assertThat(mail.serverLabel()).isEqualTo("mailpush mail server");
    assertThat(mail.enableAntispam()).isTrue();
    assertThat(mail.enableGreylisting()).isFalse();
    assertThat(mail.enableSpfCheck()).isTrue();
    assertThat(mail.enableManagesieve()).isFalse();
    assertThat(mail.enableFail2ban()).isTrue();
    assertThat(mail.dkimSelector()).isEqualTo("mail");
    assertThat(mail.virtualDomains()).isEmpty();
    assertThat(mail.virtualAddresses()).isEmpty();
    assertThat(mail.users()).isEmpty();
    assertThat(mail.greylistingPassList()).isEmpty();
    assertThat(mail.enableDmarcCheck()).isTrue();
    assertThat(mail.maxMessageMb()).isEqualTo(25);
    assertThat(mail.postmaster()).as("no mail user, no postmaster").isEmpty();
    assertThat(host.tls())
        .isEqualTo(
            new TlsConfig(
                TlsConfig.Mode.SELF_SIGNED,
                "letsencrypt",
                Optional.empty(),
                false,
                TlsConfig.Challenge.STANDALONE,
                "/var/www/html",
                30,
                Optional.empty()));
    assertThat(host.vars()).isEmpty();
  }

  @Test
  void thePostmasterIsTheFirstUserAndReceivesTheRoleAddressesNotListed() {
    MailConfig mail =
        Fixture.load(
                dir,
                """
        [mail]
        virtual_domains = ["example.com", "example.org"]
        [mail.virtual_addresses]
        "carol@example.com" = "carol"
        "abuse@example.org" = "carol"
        [mail.users.bob]
        password_hash = "%s"
        """
                        .formatted(Fixture.HASH)
                    + HOST)
            .hosts()
            .get(0)
            .mail();
    assertThat(mail.postmaster())
        .as("first of [mail.users] before the first address target")
        .isEqualTo("bob");
    assertThat(mail.mailUsers()).containsExactly("bob", "carol");
    assertThat(mail.addressMap())
        .containsExactly(
            java.util.Map.entry("carol@example.com", List.of("carol")),
            java.util.Map.entry("abuse@example.org", List.of("carol")),
            java.util.Map.entry("postmaster@example.com", List.of("bob")),
            java.util.Map.entry("abuse@example.com", List.of("bob")),
            java.util.Map.entry("postmaster@example.org", List.of("bob")));
  }

  @Test
  void aNamedPostmasterWinsAndWithoutUsersTheFirstAddressTargetIsPostmaster() {
    String addresses =
        """
        [mail.virtual_addresses]
        "carol@example.com" = "carol"
        "dave@example.com" = "dave"
        """;
    assertThat(
            Fixture.load(dir, "[mail]\nvirtual_domains = [\"example.com\"]\n" + addresses + HOST)
                .hosts()
                .get(0)
                .mail()
                .postmaster())
        .isEqualTo("carol");
    assertThat(
            Fixture.load(
                    dir,
                    "[mail]\nvirtual_domains = [\"example.com\"]\npostmaster = \"dave\"\n"
                        + addresses
                        + HOST)
                .hosts()
                .get(0)
                .mail()
                .postmaster())
        .isEqualTo("dave");
  }

  @Test
  void becomesRootThroughSudoUnlessTheUserIsRoot() {
    Inventory inventory =
        Fixture.load(
            dir,
            "[ssh]\nuser = \"admin\"\n"
                + HOST
                + """
        [hosts.mx2]
        address = "203.0.113.11"
        hostname = "mx2.example.com"
        [hosts.mx2.ssh]
        user = "root"
        """);

    assertThat(inventory.hosts())
        .extracting(h -> h.ssh().become())
        .containsExactly(SshConfig.Become.SUDO, SshConfig.Become.NONE);
  }

  @Test
  void hostSshKeysOverrideDefaultsOneByOne() {
    SshConfig ssh =
        Fixture.load(
                dir,
                """
        [ssh]
        user = "admin"
        port = 2200
        connect_timeout = 30
        jump_host = "bastion.example.com"
        keepalive_interval = 5
        """
                    + HOST
                    + """
        [hosts.mx1.ssh]
        port = 2222
        host_key_policy = "accept-new"
        keepalive_count = 2
        """)
            .hosts()
            .get(0)
            .ssh();

    assertThat(ssh.user()).isEqualTo("admin");
    assertThat(ssh.port()).isEqualTo(2222);
    assertThat(ssh.hostKeyPolicy()).isEqualTo(SshConfig.HostKeyPolicy.ACCEPT_NEW);
    assertThat(ssh.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ssh.jumpHost()).contains(new SshConfig.JumpHost("admin", "bastion.example.com", 22));
    assertThat(ssh.keepAlive()).isEqualTo(new SshConfig.KeepAlive(Duration.ofSeconds(5), 2));
    assertThat(ssh.keepAlive().bound()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void parsesJumpHostsWithUserPortAndIpv6() {
    String toml = HOST + "[hosts.mx1.ssh]\njump_host = \"ops@[2001:db8::5]:2022\"\n";

    assertThat(Fixture.load(dir, toml).hosts().get(0).ssh().jumpHost())
        .contains(new SshConfig.JumpHost("ops", "2001:db8::5", 2022));
  }

  @Test
  void resolvesPathsAgainstHomeAndTheInventoryDirectory() {
    SshConfig ssh =
        Fixture.load(
                dir,
                """
        [ssh]
        identity_file = "keys/id_ed25519"
        known_hosts = "~/work/known_hosts"
        """
                    + HOST)
            .hosts()
            .get(0)
            .ssh();
    TlsConfig tls =
        Fixture.load(dir, "[tls]\nacme_ca_cert = \"/etc/ca.pem\"\n" + HOST).hosts().get(0).tls();

    assertThat(ssh.identityFile()).contains(dir.toAbsolutePath().resolve("keys/id_ed25519"));
    assertThat(ssh.knownHosts()).isEqualTo(HOME.resolve("work/known_hosts"));
    assertThat(tls.acmeCaCert()).contains(Path.of("/etc/ca.pem"));
  }

  @Test
  void mergesMailMapsEntryByEntryAndReplacesLists() {
    MailConfig mail =
        Fixture.load(
                dir,
                """
        [mail]
        virtual_domains = ["Example.com", "example.org"]
        enable_greylisting = true
        [mail.virtual_addresses]
        "Alice@Example.com" = "alice"
        "info@example.org" = "alice"
        [mail.users.alice]
        password_hash = "%s"
        """
                        .formatted(HASH)
                    + HOST
                    + """
        [hosts.mx1.mail]
        virtual_domains = ["example.com", "example.org", "example.net"]
        dkim_selector = "MX1"
        [hosts.mx1.mail.virtual_addresses]
        "info@example.org" = "bob"
        "sales@example.net" = "carol"
        [hosts.mx1.mail.users.bob]
        password_hash = "%s"
        """
                        .formatted(HASH))
            .hosts()
            .get(0)
            .mail();

    assertThat(mail.virtualDomains()).containsExactly("example.com", "example.org", "example.net");
    assertThat(mail.virtualAddresses())
        .containsExactly(
            Map.entry("alice@example.com", List.of("alice")),
            Map.entry("info@example.org", List.of("bob")),
            Map.entry("sales@example.net", List.of("carol")));
    assertThat(mail.users()).containsOnlyKeys("alice", "bob");
    assertThat(mail.users().get("bob").passwordHash()).isEqualTo(HASH);
    assertThat(mail.enableGreylisting()).isTrue();
    assertThat(mail.dkimSelector()).isEqualTo("mx1");
  }

  @Test
  void overridesTlsPerHost() {
    Inventory inventory =
        Fixture.load(
            dir,
            """
        [tls]
        mode = "acme"
        acme_email = "pm@Example.COM"
        acme_accept_terms = true
        """
                + HOST
                + """
        [hosts.lab]
        address = "lab.internal"
        hostname = "lab.example.com"
        [hosts.lab.tls]
        mode = "self-signed"
        challenge = "webroot"
        webroot = "/srv/www"
        renew_days = 10
        """);

    assertThat(inventory.hosts().get(0).tls().mode()).isEqualTo(TlsConfig.Mode.ACME);
    assertThat(inventory.hosts().get(0).tls().acmeEmail()).contains("pm@example.com");
    TlsConfig lab = inventory.hosts().get(1).tls();
    assertThat(lab.mode()).isEqualTo(TlsConfig.Mode.SELF_SIGNED);
    assertThat(lab.challenge()).isEqualTo(TlsConfig.Challenge.WEBROOT);
    assertThat(lab.webroot()).isEqualTo("/srv/www");
    assertThat(lab.renewDays()).isEqualTo(10);
  }

  @Test
  void storesVariablesAsStringsWithHostOverrides() {
    Map<String, String> vars =
        Fixture.load(
                dir,
                """
        [vars]
        backup = true
        retention = 7
        owner = "ops"
        """
                    + HOST
                    + """
        [hosts.mx1.vars]
        retention = 30
        rack = "b2"
        """)
            .hosts()
            .get(0)
            .vars();

    assertThat(vars)
        .containsOnly(
            Map.entry("backup", "true"),
            Map.entry("retention", "30"),
            Map.entry("owner", "ops"),
            Map.entry("rack", "b2"));
  }

  @Test
  void keepsHostsInFileOrderAndNormalisesNames() {
    Inventory inventory =
        Fixture.load(
            dir,
            """
        [hosts.zeta]
        address = "2001:DB8::1"
        hostname = "Zeta.Example.COM"
        [hosts.alpha]
        address = "Alpha.Example.com"
        hostname = "alpha.example.com"
        [hosts."beta.lab"]
        address = "2001:db8::1"
        hostname = "beta.example.com"
        [hosts."beta.lab".ssh]
        port = 2222
        """);

    assertThat(inventory.hosts())
        .extracting(HostConfig::name)
        .containsExactly("zeta", "alpha", "beta.lab");
    assertThat(inventory.hosts())
        .extracting(HostConfig::hostname)
        .containsExactly("zeta.example.com", "alpha.example.com", "beta.example.com");
    assertThat(inventory.hosts())
        .extracting(HostConfig::address)
        .containsExactly("2001:db8::1", "alpha.example.com", "2001:db8::1");
    assertThat(inventory.source()).isEqualTo(dir.resolve("inventory.toml"));
  }
}
