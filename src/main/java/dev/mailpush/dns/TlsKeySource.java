package dev.mailpush.dns;

import dev.mailpush.inventory.HostConfig;
import java.util.Optional;

/**
 * Where the report and {@code dns apply} get each host's TLS key hashes, for its TLSA records: the
 * served certificate's key and the next key an ACME renewal switches to.
 */
@FunctionalInterface
public interface TlsKeySource {

  HostKeys fetch(HostConfig host);

  /** What a host said about its TLS keys. */
  sealed interface HostKeys {
    /**
     * SHA-256 of each key's SubjectPublicKeyInfo (lower-case hex); empty when the host has no
     * certificate yet, or no next key (self-signed mode, or not deployed since).
     */
    record Hashes(Optional<String> served, Optional<String> next) implements HostKeys {}

    record Unreachable(String reason) implements HostKeys {}

    /** The host was not asked (--no-ssh). */
    record NotAsked() implements HostKeys {}
  }
}
