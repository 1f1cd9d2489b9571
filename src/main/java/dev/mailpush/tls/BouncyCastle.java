package dev.mailpush.tls;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * acme4j reads and writes keys through Bouncy Castle. It is registered only when an ACME exchange
 * needs it: loading the whole provider costs every other command (a no-op deploy) a few hundred
 * classes.
 */
final class BouncyCastle {
  private BouncyCastle() {}

  static void register() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }
}
