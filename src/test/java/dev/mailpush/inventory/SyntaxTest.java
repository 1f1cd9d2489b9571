package dev.mailpush.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list rules on their own, including inputs the loader tests do not reach. */
class SyntaxTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.10",
        "0.0.0.0",
        "255.255.255.255",
        "2001:db8::1",
        "::1",
        "::ffff:192.0.2.1",
        "mail.example.com",
        "localhost",
        "xn--bcher-kva.example"
      })
  void acceptsAddresses(String address) {
    assertThat(HostAddresses.address(address).isOk()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113",
        "01.2.3.4",
        "1.2.3.4.5",
        "256.1.1.1",
        "2001:db8::1%eth0",
        "g::1",
        ".::",
        "-mail.example.com",
        "mail..example.com",
        "ex ample.com",
        "1.2.3.999"
      })
  void rejectsAddresses(String address) {
    assertThat(HostAddresses.address(address).isOk()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "Post.Master+tag@Example.COM, Post.Master+tag@example.com",
    "a_b-c@x.example.org, a_b-c@x.example.org"
  })
  void normalisesTheDomainOfAnEmail(String input, String normalised) {
    assertThat(Names.email(input).value()).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "@example.com",
        "a@",
        "a@b@example.com",
        ".a@example.com",
        "a..b@example.com",
        "a!b@example.com",
        "a@localhost",
        "ü@example.com"
      })
  void rejectsEmails(String email) {
    assertThat(Names.email(email).isOk()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$6$Zq3x9Lk2Pq$X8u9auRcTvnIcM1/vhmOALU9/cylWQ06Rw.47NxlSB/NoBh1C/Yz0DMMmYwAG4UKtcfxzr34Ta.1e9MVn1tQt1",
        "$6$rounds=656000$Zq3x9Lk2Pq$X8u9auRcTvnIcM1/vhmOALU9/cylWQ06Rw.47NxlSB/NoBh1C/Yz0DMMmYwAG4UKtcfxzr34Ta.1e9MVn1tQt1",
        "$5$saltsalt$hcyDOxdIg0p3xyqtpHh/v8Ph.am06tQaovp1KpEklb7",
        "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
        "$2b$12$abcdefghijklmnopqrstuv0123456789ABCDEFGHIJKLMNOPQRSTU"
      })
  void recognisesCryptHashes(String hash) {
    assertThat(CryptHash.isCryptHash(hash)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"hunter2", "$1$salt$abcdefghijklmnopqrstuv", "$6$salt$short", "$6$salt$" + "a"})
  void rejectsWhatIsNotACryptHash(String value) {
    assertThat(CryptHash.isCryptHash(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\nb",
        "a\rb",
        "a\u0000b",
        "a\tb",
        "a\u2028b",
        "a\u200Bb",
        "a\"b",
        "a'b",
        "a;b",
        "a$b",
        "a`b",
        "a\\b"
      })
  void refusesCharactersThatBreakConfigFilesOrShells(String value) {
    assertThat(TextRules.safeText(value).isOk()).isFalse();
    assertThat(TextRules.safeText(value).problem()).doesNotContain(value);
  }

  @ParameterizedTest
  @CsvSource({
    "enable_antispan, enable_antispam",
    "sssh, ssh",
    "prot, port",
    "acme_mail, acme_email",
    "identityfile, identity_file"
  })
  void suggestsTheClosestKey(String typo, String key) {
    List<String> keys =
        Stream.of(SshSection.KEYS, MailSection.KEYS, TlsSection.KEYS, HostsSection.KEYS)
            .flatMap(List::stream)
            .toList();

    assertThat(Suggestions.closest(typo, keys)).contains(key);
  }
}
