package dev.mailpush.tls;

import dev.mailpush.dns.Tlsa;
import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.ssh.HostSession;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;

/**
 * One certificate order for one host, driven from the admin machine over the host's SSH session:
 * the host makes the order's key and CSR (the key never leaves it), the CA is asked for an order,
 * the HTTP-01 challenges still pending are answered from the host (reused authorizations need
 * none), the CSR is finalized, and the chain is installed next to its key. acme4j itself retries
 * bad nonces (up to 10 times).
 *
 * <p>This class walks the order through its states; the account ({@link AcmeAccount}), the
 * challenges ({@link Http01Challenges}), the host's key and certificate ({@link PendingKey}) and
 * the wording of acme4j's failures ({@link AcmeCalls}) each have their own.
 */
final class AcmeIssuer {
  private final String hostname;
  private final List<String> names;
  private final TlsConfig tls;
  private final AcmeDirectory directory;
  private final AcmeOptions options;
  private final AcmeCalls calls;

  /** {@code names}: the host's name first, then the certificate's other names. */
  AcmeIssuer(List<String> names, TlsConfig tls, AcmeOptions options) {
    this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    this.hostname = this.names.get(0);
    this.tls = tls;
    this.directory = AcmeDirectory.of(tls.acmeDirectory());
    this.options = options;
    this.calls = new AcmeCalls(directory);
  }

  /** The certificate installed, and what the admin must know about its key (empty if nothing). */
  record Issued(CertificateInfo info, String warning) {}

  /**
   * Orders, validates and installs a certificate for the host, its key chosen by {@link KeyChoice},
   * then makes a fresh next key when the order used it; throws {@link AcmeFailure} with the cause.
   */
  Issued issue(HostSession session) {
    if (!tls.acmeAcceptTerms()) {
      throw new AcmeFailure(
          "nothing was ordered: acme_accept_terms is not true",
          "read the CA's terms of service, then set acme_accept_terms = true in [tls]");
    }
    Login login = AcmeAccount.login(tls, directory, options.accountKeys(), calls);
    KeyHashes.Hashes hashes = KeyHashes.read(session);
    KeyChoice choice =
        KeyChoice.decide(
            hostname,
            hashes,
            options
                .dane()
                .map(dns -> Tlsa.published(dns, hostname))
                .orElseGet(Tlsa.Published.None::new));
    PendingKey key = new PendingKey(session, names);
    byte[] csr = key.makeCsr(choice.path());
    boolean installed = false;
    RuntimeException failure = null;
    try {
      Order order =
          calls.call(
              "create an order for " + String.join(", ", names),
              () -> login.newOrder().domains(names).create());
      new Http01Challenges(hostname, tls, options.timeout(), calls).answer(session, order);
      Status ready =
          calls.call(
              "wait for the order to be ready", () -> order.waitUntilReady(options.timeout()));
      if (ready != Status.READY) {
        throw orderFailed(
            order, "is " + ready.name().toLowerCase(Locale.ROOT) + " instead of ready");
      }
      calls.call(
          "finalize the order",
          () -> {
            order.execute(csr);
            return null;
          });
      Status done =
          calls.call("wait for the certificate", () -> order.waitForCompletion(options.timeout()));
      if (done != Status.VALID) {
        throw orderFailed(
            order, "ended " + done.name().toLowerCase(Locale.ROOT) + " after finalizing");
      }
      List<X509Certificate> chain =
          calls.call(
              "download the certificate", () -> order.getCertificate().getCertificateChain());
      CertificateInfo info = CertificateInfo.of(chain.get(0), chain.size());
      if (!names.stream().allMatch(info::covers)) {
        throw new AcmeFailure(
            "the CA issued a certificate for " + info.dnsNames() + ", not " + names, "");
      }
      key.install(chain);
      installed = true;
      key.makeNextKey(choice.replacesNextKey(hashes));
      return new Issued(info, choice.warning());
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      // The key of an order that did not complete is never used: no private key is left lying
      // about.
      if (!installed) {
        key.discard(failure);
      }
    }
  }

  private AcmeFailure orderFailed(Order order, String what) {
    String ca = order.getError().map(ChallengeProblems::describe).orElse("(no error given)");
    return new AcmeFailure("the order for " + hostname + " " + what + "\n  the CA said: " + ca, "");
  }
}
