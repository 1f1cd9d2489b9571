package dev.mailpush.tls;

import dev.mailpush.inventory.TlsConfig;
import java.security.KeyPair;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;

/**
 * The ACME account an order is placed under: this admin machine's key for the CA ({@link
 * AccountKeyStore}), registered with the terms agreed to and the inventory's e-mail, if any. The
 * CA's HTTPS is checked as {@link TrustingAcmeProvider} says (only {@code acme_ca_cert} when set).
 */
final class AcmeAccount {
  private AcmeAccount() {}

  /** The account's login at {@code directory}; registering a known key finds its account again. */
  static Login login(
      TlsConfig tls, AcmeDirectory directory, AccountKeyStore keys, AcmeCalls calls) {
    KeyPair account = keys.loadOrCreate(directory);
    Session session = new Session(directory.uri(), TrustingAcmeProvider.trusting(tls.acmeCaCert()));
    return calls.call(
        "register the ACME account (" + tls.acmeEmail().orElse("no e-mail") + ") at " + directory,
        () -> {
          AccountBuilder b = new AccountBuilder().agreeToTermsOfService().useKeyPair(account);
          tls.acmeEmail().ifPresent(b::addEmail);
          return b.createLogin(session);
        });
  }
}
