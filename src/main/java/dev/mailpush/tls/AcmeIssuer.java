package dev.mailpush.tls;

import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * One certificate order for one host, driven from the admin machine over the host's SSH session:
 * the host makes a new key and CSR (the key never leaves it), the CA is asked for an order, the
 * HTTP-01 challenges still pending are answered from the host (reused authorizations need none),
 * the CSR is finalized, and the chain is installed next to its key. acme4j itself retries bad
 * nonces (up to 10 times).
 */
final class AcmeIssuer {
  private final String hostname;
  private final TlsConfig tls;
  private final AcmeDirectory directory;
  private final AcmeOptions options;

  AcmeIssuer(String hostname, TlsConfig tls, AcmeOptions options) {
    this.hostname = hostname.toLowerCase(Locale.ROOT);
    this.tls = tls;
    this.directory = AcmeDirectory.of(tls.acmeDirectory());
    this.options = options;
  }

  /**
   * Orders, validates and installs a certificate for the host; throws {@link AcmeFailure} with the
   * cause.
   */
  CertificateInfo issue(HostSession session) {
    if (!tls.acmeAcceptTerms()) {
      throw new AcmeFailure(
          "nothing was ordered: acme_accept_terms is not true",
          "read the CA's terms of service, then set acme_accept_terms = true in [tls]");
    }
    Login login = login();
    byte[] csr = makeCsr(session);
    boolean installed = false;
    RuntimeException failure = null;
    try {
      Order order =
          call("create an order for " + hostname, () -> login.newOrder().domain(hostname).create());
      answerChallenges(session, order);
      Status ready =
          call("wait for the order to be ready", () -> order.waitUntilReady(options.timeout()));
      if (ready != Status.READY) {
        throw orderFailed(
            order, "is " + ready.name().toLowerCase(Locale.ROOT) + " instead of ready");
      }
      call(
          "finalize the order",
          () -> {
            order.execute(csr);
            return null;
          });
      Status done =
          call("wait for the certificate", () -> order.waitForCompletion(options.timeout()));
      if (done != Status.VALID) {
        throw orderFailed(
            order, "ended " + done.name().toLowerCase(Locale.ROOT) + " after finalizing");
      }
      List<X509Certificate> chain =
          call("download the certificate", () -> order.getCertificate().getCertificateChain());
      CertificateInfo info = CertificateInfo.of(chain.get(0), chain.size());
      if (!info.covers(hostname)) {
        throw new AcmeFailure(
            "the CA issued a certificate for " + info.dnsNames() + ", not " + hostname, "");
      }
      install(session, pem(chain));
      installed = true;
      return info;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      if (!installed) {
        discardPendingKey(session, failure);
      }
    }
  }

  /**
   * The key made for an order that did not complete is removed; a failure to do so never hides the
   * cause.
   */
  private static void discardPendingKey(HostSession session, RuntimeException cause) {
    try {
      session.exec(
          ExecRequest.root(
              List.of("sh", "-c", HostScripts.DISCARD_PENDING_KEY, "sh", HostScripts.PENDING_KEY)));
    } catch (RuntimeException e) {
      if (cause == null) {
        throw e;
      }
      cause.addSuppressed(e);
    }
  }

  private Login login() {
    KeyPair account = options.accountKeys().loadOrCreate(directory);
    Session session = new Session(directory.uri(), TrustingAcmeProvider.trusting(tls.acmeCaCert()));
    return call(
        "register the ACME account (" + tls.acmeEmail().orElse("no e-mail") + ") at " + directory,
        () -> {
          AccountBuilder b = new AccountBuilder().agreeToTermsOfService().useKeyPair(account);
          tls.acmeEmail().ifPresent(b::addEmail);
          return b.createLogin(session);
        });
  }

  private void answerChallenges(HostSession session, Order order) {
    Map<String, String> tokens = new LinkedHashMap<>();
    List<Http01Challenge> pending = new ArrayList<>();
    for (Authorization auth : order.getAuthorizations()) {
      Status status = auth.getStatus();
      if (status == Status.VALID) {
        continue; // an authorization the CA still holds from an earlier order: no challenge needed
      }
      if (status != Status.PENDING) {
        throw new AcmeFailure(
            "the CA's authorization for "
                + auth.getIdentifier().getDomain()
                + " is "
                + status.name().toLowerCase(Locale.ROOT),
            "run again: a new order gets a new authorization");
      }
      Http01Challenge ch =
          auth.findChallenge(Http01Challenge.class)
              .orElseThrow(
                  () ->
                      new AcmeFailure(
                          "the CA offers no HTTP-01 challenge for "
                              + auth.getIdentifier().getDomain(),
                          "mailpush answers HTTP-01 only; use a CA that offers it"));
      pending.add(ch);
      tokens.put(ch.getToken(), ch.getAuthorization());
    }
    if (pending.isEmpty()) {
      return;
    }
    try (ChallengeResponder responder = ChallengeResponder.forMode(tls, hostname, session)) {
      responder.publish(tokens);
      for (Http01Challenge ch : pending) {
        if (ch.getStatus() == Status.PENDING) {
          call(
              "start the HTTP-01 challenge",
              () -> {
                ch.trigger();
                return null;
              });
        }
      }
      for (Http01Challenge ch : pending) {
        Status s =
            call("wait for the HTTP-01 validation", () -> ch.waitForCompletion(options.timeout()));
        if (s != Status.VALID) {
          Optional<Problem> p = ch.getError();
          throw ChallengeProblems.challengeFailed(
              hostname,
              tls.challenge(),
              tls.webroot(),
              p.map(x -> x.getType().toString()),
              p.map(ChallengeProblems::describe)
                  .orElse(
                      "(no error given; the challenge is "
                          + s.name().toLowerCase(Locale.ROOT)
                          + ")"));
        }
      }
    }
  }

  private byte[] makeCsr(HostSession session) {
    ExecResult r =
        session.exec(
            ExecRequest.root(
                List.of(
                    "sh", "-c", HostScripts.MAKE_CSR, "sh", hostname, HostScripts.PENDING_KEY)));
    if (!r.succeeded()) {
      throw new AcmeFailure(
          "the host could not make a key and certificate request: " + r.stderrText().strip(),
          "openssl (1.1.1 or later) must be installed on the host");
    }
    try (PEMParser parser = new PEMParser(new StringReader(r.stdoutText()))) {
      Object o = parser.readObject();
      if (!(o instanceof PKCS10CertificationRequest csr)) {
        throw new AcmeFailure("the host's openssl printed no certificate request", "");
      }
      checkCsr(csr);
      return csr.getEncoded();
    } catch (IOException e) {
      throw new AcmeFailure(
          "the host's certificate request cannot be read: " + e.getMessage(), "", e);
    }
  }

  /** The CSR must ask for exactly the host's name: it is what the CA signs. */
  private void checkCsr(PKCS10CertificationRequest csr) {
    var cn = csr.getSubject().getRDNs(BCStyle.CN);
    boolean cnOk =
        cn.length == 1
            && hostname.equals(cn[0].getFirst().getValue().toString().toLowerCase(Locale.ROOT));
    List<String> sans = new ArrayList<>();
    for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions ext = Extensions.getInstance(attr.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
      if (names != null) {
        for (GeneralName n : names.getNames()) {
          if (n.getTagNo() == GeneralName.dNSName) {
            sans.add(n.getName().toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    if (!cnOk || !sans.equals(List.of(hostname))) {
      throw new AcmeFailure(
          "the host's certificate request names " + sans + " instead of " + hostname, "");
    }
  }

  private void install(HostSession session, String chainPem) {
    ExecResult r =
        session.exec(
            ExecRequest.root(
                List.of(
                    "sh",
                    "-c",
                    HostScripts.INSTALL,
                    "sh",
                    HostScripts.PENDING_KEY,
                    HostScripts.FULLCHAIN,
                    HostScripts.PRIVKEY),
                chainPem.getBytes(StandardCharsets.US_ASCII)));
    if (!r.succeeded()) {
      throw new AcmeFailure(
          "installing the new certificate failed (the old one is still in place): "
              + r.stderrText().strip(),
          "");
    }
  }

  /** PEM of the chain, leaf first: what fullchain.pem holds. */
  static String pem(List<X509Certificate> chain) {
    StringBuilder s = new StringBuilder();
    java.util.Base64.Encoder b64 =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    try {
      for (X509Certificate c : chain) {
        s.append("-----BEGIN CERTIFICATE-----\n")
            .append(b64.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return s.toString();
  }

  private AcmeFailure orderFailed(Order order, String what) {
    String ca = order.getError().map(ChallengeProblems::describe).orElse("(no error given)");
    return new AcmeFailure("the order for " + hostname + " " + what + "\n  the CA said: " + ca, "");
  }

  /** An acme4j call; its exceptions become an {@link AcmeFailure} that says what was being done. */
  private <T> T call(String what, AcmeCall<T> call) {
    try {
      return call.run();
    } catch (AcmeRateLimitedException e) {
      throw new AcmeFailure(
          "could not "
              + what
              + ": rate limited by the CA: "
              + ChallengeProblems.describe(e.getProblem())
              + e.getRetryAfter().map(t -> " (retry after " + t + ")").orElse(""),
          "wait and run again; test with acme_directory = \"letsencrypt-staging\"",
          e);
    } catch (AcmeServerException e) {
      throw new AcmeFailure(
          "could not " + what + ": the CA said: " + ChallengeProblems.describe(e.getProblem()),
          "",
          e);
    } catch (AcmeNetworkException e) {
      throw new AcmeFailure(
          "could not "
              + what
              + ": cannot reach the ACME server "
              + directory
              + ": "
              + rootMessage(e),
          "check acme_directory, the admin machine's network and, for a private CA, acme_ca_cert",
          e);
    } catch (AcmeException e) {
      throw new AcmeFailure("could not " + what + ": " + rootMessage(e), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AcmeFailure("interrupted while trying to " + what, "", e);
    }
  }

  private static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    Throwable c = e.getCause();
    while (c != null) {
      if (c.getMessage() != null) {
        msg = msg + " (" + c.getMessage() + ")";
      }
      c = c.getCause();
    }
    return msg;
  }

  @FunctionalInterface
  private interface AcmeCall<T> {
    T run() throws AcmeException, InterruptedException;
  }
}
