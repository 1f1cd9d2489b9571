package dev.mailpush.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;

/**
 * The client's key-exchange order: MINA's own, except that the hybrid ML-KEM exchange comes first,
 * as in OpenSSH 10's client. Both hybrids MINA puts first are post-quantum; where a server offers
 * both (OpenSSH 9.9 and later, Debian 13), ML-KEM (FIPS 203) is the standardised one, and its key
 * generation costs about 0.3 ms in Java against about 18 ms for sntrup761's, which was two thirds
 * of the controller's CPU per host (bench/PROFILE.md). Servers without ML-KEM (Debian 11 and 12)
 * still get sntrup761 next, so no connection loses its post-quantum protection.
 */
final class KexPreference {
  static final String FIRST = "mlkem768x25519-sha256";

  private KexPreference() {}

  /** {@code factories} with the one named {@link #FIRST}, when present, moved to the front. */
  static <T extends NamedResource> List<T> mlkemFirst(List<T> factories) {
    List<T> ordered = new ArrayList<>(factories.size());
    factories.stream().filter(f -> FIRST.equals(f.getName())).forEach(ordered::add);
    factories.stream().filter(f -> !FIRST.equals(f.getName())).forEach(ordered::add);
    return List.copyOf(ordered);
  }
}
