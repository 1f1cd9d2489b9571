package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.dns.Tlsa;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The key a certificate order uses: the next key, unless published TLSA records do not name it
 * (then the current key stays and the records stay valid); a failed lookup uses the next key with a
 * warning. And what the host's hash script prints, read back.
 */
class KeyChoiceTest {
  static final String HOST = "mx.send.test";
  static final String CURRENT = "a".repeat(64);
  static final String NEXT = "b".repeat(64);

  static KeyHashes.Hashes keys(String current, String next) {
    return new KeyHashes.Hashes(
        Optional.ofNullable(current), Optional.ofNullable(current), Optional.ofNullable(next));
  }

  static Tlsa.Published records(String... hashes) {
    return new Tlsa.Published.Records(List.of(hashes).stream().map(Tlsa::data).toList());
  }

  @Test
  void withoutTlsaTheNextKeyIsUsedAndReplaced() {
    KeyChoice c = KeyChoice.decide(HOST, keys(CURRENT, NEXT), new Tlsa.Published.None());
    assertThat(c).isEqualTo(new KeyChoice(KeyChoice.Source.NEXT, ""));
    assertThat(c.path()).contains(HostScripts.NEXT_KEY);
    assertThat(c.replacesNextKey(keys(CURRENT, NEXT))).isTrue();
  }

  @Test
  void aPublishedNextKeyIsUsed() {
    KeyChoice c = KeyChoice.decide(HOST, keys(CURRENT, NEXT), records(CURRENT, NEXT));
    assertThat(c).isEqualTo(new KeyChoice(KeyChoice.Source.NEXT, ""));
  }

  @Test
  void tlsaThatDoesNotNameTheNextKeyKeepsTheCurrentKeyWithAWarning() {
    KeyChoice c = KeyChoice.decide(HOST, keys(CURRENT, NEXT), records(CURRENT));
    assertThat(c.source()).isEqualTo(KeyChoice.Source.CURRENT);
    assertThat(c.path()).contains(HostScripts.PRIVKEY);
    assertThat(c.warning())
        .contains("kept the current key", "_25._tcp.mx.send.test", "mailpush dns apply");
    assertThat(c.replacesNextKey(keys(CURRENT, NEXT))).as("the unused next key stays").isFalse();
  }

  @Test
  void tlsaWithoutANextKeyKeepsTheCurrentKeyAndANextKeyIsMadeAfterwards() {
    KeyChoice c = KeyChoice.decide(HOST, keys(CURRENT, null), records(CURRENT));
    assertThat(c.source()).isEqualTo(KeyChoice.Source.CURRENT);
    assertThat(c.replacesNextKey(keys(CURRENT, null))).isTrue();
  }

  @Test
  void aFailedLookupUsesTheNextKeyButWarns() {
    KeyChoice c =
        KeyChoice.decide(HOST, keys(CURRENT, NEXT), new Tlsa.Published.Unknown("timeout"));
    assertThat(c.source()).isEqualTo(KeyChoice.Source.NEXT);
    assertThat(c.warning()).contains("could not look up", "timeout", "next key");
  }

  @Test
  void aFirstOrderMakesANewKey() {
    KeyChoice c = KeyChoice.decide(HOST, keys(null, null), new Tlsa.Published.None());
    assertThat(c).isEqualTo(new KeyChoice(KeyChoice.Source.FRESH, ""));
    assertThat(c.path()).isEmpty();
    assertThat(c.replacesNextKey(keys(null, null))).isTrue();
  }

  @Test
  void theHashScriptsOutputIsReadBackAndAnEmptyHashIsNoKey() {
    KeyHashes.Hashes h =
        KeyHashes.parse("served " + CURRENT.toUpperCase() + "\ncurrent " + CURRENT + "\nnext \n");
    assertThat(h)
        .isEqualTo(
            new KeyHashes.Hashes(Optional.of(CURRENT), Optional.of(CURRENT), Optional.empty()));
    assertThat(KeyHashes.parse("")).isEqualTo(keys(null, null));
    assertThat(KeyHashes.SCRIPT).contains("openssl pkey -pubin -outform DER", "sha256sum");
  }
}
