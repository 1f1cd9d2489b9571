package dev.mailpush.tls;

import dev.mailpush.dns.Tlsa;
import java.util.Objects;
import java.util.Optional;

/**
 * Which key an order's CSR is made from, so that a renewal never serves a key DANE senders do not
 * know. The next key is the rule: {@code dns apply} published its TLSA record while the current key
 * served. When TLSA records are published but none names the next key (dns apply not run since the
 * next key was made), the current key is kept and the records stay valid. When the lookup fails,
 * DANE is not known to be in use: the next key is used, with a warning.
 *
 * @param source the key the CSR is made from
 * @param warning what the admin must know about the choice; empty when nothing
 */
record KeyChoice(Source source, String warning) {
  enum Source {
    /** {@link HostScripts#NEXT_KEY}; a fresh next key is made once the certificate is installed. */
    NEXT,
    /** {@link HostScripts#PRIVKEY}: the certificate changes, the key does not. */
    CURRENT,
    /** A new key (no next key yet: a first order, or a host deployed before next keys). */
    FRESH
  }

  KeyChoice {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(warning, "warning");
  }

  /**
   * @param hostname the host's name (its TLSA records are at {@code _25._tcp.HOSTNAME})
   * @param keys the host's key hashes
   * @param published what DNS holds at {@code _25._tcp.HOSTNAME}
   */
  static KeyChoice decide(String hostname, KeyHashes.Hashes keys, Tlsa.Published published) {
    Source wanted = keys.next().isPresent() ? Source.NEXT : Source.FRESH;
    String name = Tlsa.name(hostname);
    if (published instanceof Tlsa.Published.Unknown u) {
      return new KeyChoice(
          wanted,
          "could not look up "
              + name
              + " ("
              + u.reason()
              + "): ordered with the "
              + (wanted == Source.NEXT ? "next" : "new")
              + " key; if the host's zone publishes TLSA, run mailpush dns apply now");
    }
    if (!(published instanceof Tlsa.Published.Records records)) {
      return new KeyChoice(wanted, "");
    }
    if (keys.next().isPresent() && records.matches(keys.next().get())) {
      return new KeyChoice(Source.NEXT, "");
    }
    if (keys.current().isEmpty()) {
      return new KeyChoice(
          wanted,
          "TLSA records at "
              + name
              + " name neither the next key nor a current one (there is none): run mailpush dns"
              + " apply now, or senders that use DANE defer mail to this host");
    }
    return new KeyChoice(
        Source.CURRENT,
        "kept the current key: the TLSA records at "
            + name
            + " do not name the "
            + (keys.next().isPresent() ? "next key" : "new key an order would make")
            + " (run mailpush dns apply to publish it; the next renewal switches)");
  }

  /** The key file the CSR is made from; empty for a new key. */
  Optional<String> path() {
    return switch (source) {
      case NEXT -> Optional.of(HostScripts.NEXT_KEY);
      case CURRENT -> Optional.of(HostScripts.PRIVKEY);
      case FRESH -> Optional.empty();
    };
  }

  /** Whether the next key must be made anew after the install: it was used, or there is none. */
  boolean replacesNextKey(KeyHashes.Hashes keys) {
    return source == Source.NEXT || keys.next().isEmpty();
  }
}
