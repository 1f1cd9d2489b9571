package dev.mailpush.tls;

import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.ssh.HostSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Proves control of the host's name for one order over HTTP-01: every authorization still pending
 * gets its challenge answered from the host ({@link ChallengeResponder}) until the CA has validated
 * it; one the CA still holds from an earlier order needs none. A failed validation is explained by
 * {@link ChallengeProblems}.
 */
final class Http01Challenges {
  private final String hostname;
  private final TlsConfig tls;
  private final Duration timeout;
  private final AcmeCalls calls;

  Http01Challenges(String hostname, TlsConfig tls, Duration timeout, AcmeCalls calls) {
    this.hostname = hostname;
    this.tls = tls;
    this.timeout = timeout;
    this.calls = calls;
  }

  /** Returns once every authorization of {@code order} is valid; throws {@link AcmeFailure}. */
  void answer(HostSession session, Order order) {
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
    // The host answers from publish until close: every challenge is triggered and validated inside.
    try (ChallengeResponder responder = ChallengeResponder.forMode(tls, hostname, session)) {
      responder.publish(tokens);
      for (Http01Challenge ch : pending) {
        if (ch.getStatus() == Status.PENDING) {
          calls.call(
              "start the HTTP-01 challenge",
              () -> {
                ch.trigger();
                return null;
              });
        }
      }
      for (Http01Challenge ch : pending) {
        Status s =
            calls.call("wait for the HTTP-01 validation", () -> ch.waitForCompletion(timeout));
        if (s != Status.VALID) {
          throw failed(ch, s);
        }
      }
    }
  }

  /** The CA's own problem, or when it gave none, the state the challenge ended in. */
  private AcmeFailure failed(Http01Challenge ch, Status s) {
    Optional<Problem> p = ch.getError();
    return ChallengeProblems.challengeFailed(
        hostname,
        tls.challenge(),
        tls.webroot(),
        p.map(x -> x.getType().toString()),
        p.map(ChallengeProblems::describe)
            .orElse(
                "(no error given; the challenge is " + s.name().toLowerCase(Locale.ROOT) + ")"));
  }
}
