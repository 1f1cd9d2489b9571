package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailpush.inventory.TlsConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChallengeProblemsTest {
  @Test
  void connectionProblemPointsToPort80AndDns() {
    AcmeFailure f =
        ChallengeProblems.challengeFailed(
            "mail.example.test",
            TlsConfig.Challenge.STANDALONE,
            "/var/www/html",
            Optional.of("urn:ietf:params:acme:error:connection"),
            "connection: 192.0.2.1: Fetching http://...: Timeout");
    assertThat(f.getMessage())
        .contains("the CA said: connection: 192.0.2.1: Fetching http://...: Timeout")
        .contains("port 80")
        .contains("resolves to another address");
  }

  @Test
  void wrongAnswerInWebrootModeNamesTheWebroot() {
    AcmeFailure f =
        ChallengeProblems.challengeFailed(
            "mail.example.test",
            TlsConfig.Challenge.WEBROOT,
            "/srv/www",
            Optional.of("urn:ietf:params:acme:error:unauthorized"),
            "unauthorized: The key authorization file did not match");
    assertThat(f.getMessage())
        .contains("/srv/www/.well-known/acme-challenge/")
        .contains("another machine")
        .contains("did not match");
  }

  @Test
  void dnsProblemAsksForARecords() {
    AcmeFailure f =
        ChallengeProblems.challengeFailed(
            "mail.example.test",
            TlsConfig.Challenge.STANDALONE,
            "/w",
            Optional.of("urn:ietf:params:acme:error:dns"),
            "dns: NXDOMAIN");
    assertThat(f.getMessage()).contains("A/AAAA record").contains("NXDOMAIN");
  }
}
