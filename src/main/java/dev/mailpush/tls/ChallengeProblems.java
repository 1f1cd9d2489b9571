package dev.mailpush.tls;

import dev.mailpush.inventory.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shredzone.acme4j.Problem;

/**
 * Turns the CA's answer to a failed HTTP-01 challenge into a message that names the likely cause on
 * the user's side, always quoting the CA's own words (the ACME problem document).
 */
final class ChallengeProblems {
  private static final String PREFIX = "urn:ietf:params:acme:error:";

  private ChallengeProblems() {}

  /** The CA's problem as text: its type (short), detail and sub-problems. */
  static String describe(Problem p) {
    StringBuilder s = new StringBuilder();
    s.append(shortType(p.getType().toString()))
        .append(": ")
        .append(p.getDetail().orElse(p.getTitle().orElse("(no detail)")));
    for (Problem sub : p.getSubProblems()) {
      s.append("\n  ").append(describe(sub));
    }
    return s.toString();
  }

  static String shortType(String type) {
    return type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
  }

  /**
   * @param type the problem's type URI (or empty when the CA gave none)
   * @param caText what the CA said, quoted verbatim
   */
  static AcmeFailure challengeFailed(
      String hostname,
      TlsConfig.Challenge mode,
      String webroot,
      Optional<String> type,
      String caText) {
    String url = "http://" + hostname + "/.well-known/acme-challenge/<token>";
    String t = type.map(ChallengeProblems::shortType).orElse("");
    List<String> causes = new ArrayList<>();
    switch (t) {
      case "dns" ->
          causes.add(
              hostname
                  + " has no usable A/AAAA record at the CA's resolvers: publish one that"
                  + " points to this host (check with: dig +short A "
                  + hostname
                  + "; dig +short AAAA "
                  + hostname
                  + ")");
      case "connection", "tls" -> {
        causes.add(
            "port 80 of "
                + hostname
                + " is not reachable from the internet (firewall, security group, or a"
                + " provider blocking inbound port 80): open it at least during renewals");
        causes.add(
            hostname
                + " resolves to another address than this host's (an AAAA record is tried first:"
                + " a stale IPv6 address is a common culprit)");
      }
      case "unauthorized", "incorrectResponse" -> {
        causes.add(
            hostname
                + " resolves to another machine (check its A and AAAA records), which answered"
                + " the challenge instead of this host");
        if (mode == TlsConfig.Challenge.WEBROOT) {
          causes.add(
              "the web server on this host does not serve "
                  + webroot
                  + "/.well-known/acme-challenge/ for "
                  + hostname
                  + " (another document root or virtual host, a proxy, or a rewrite rule)");
        } else {
          causes.add(
              "something in front of port 80 (a proxy or a port forward) sends the request elsewhere");
        }
      }
      case "caa" ->
          causes.add(
              "a CAA record of " + hostname + " or its parent domain does not allow this CA");
      case "rateLimited" ->
          causes.add(
              "the CA's rate limit was hit: wait (see the CA's message) and run again;"
                  + " use acme_directory = \"letsencrypt-staging\" while testing");
      default -> {
        causes.add(
            hostname
                + " resolves to another address than this host's, or port 80 is blocked on the way");
        if (mode == TlsConfig.Challenge.WEBROOT) {
          causes.add("the web server does not serve " + webroot + "/.well-known/acme-challenge/");
        }
      }
    }
    String message =
        "the CA could not validate "
            + url
            + " (HTTP-01, "
            + mode.key()
            + " mode)\n"
            + "  the CA said: "
            + caText.replace("\n", "\n  ")
            + "\n"
            + "  likely cause"
            + (causes.size() > 1 ? "s" : "")
            + ":\n    - "
            + String.join("\n    - ", causes);
    return new AcmeFailure(
        message,
        "fix the cause above and run `mailpush certs INVENTORY` (or deploy) again;"
            + " nothing was changed on the host");
  }
}
