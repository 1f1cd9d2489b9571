package dev.mailpush.mail;

import dev.mailpush.testhosts.TargetHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The outside world's receiving MX in a second container (bookworm): Postfix with Debian's
 * postfix-policyd-spf-python, which checks SPF at RCPT as a real receiver does, refuses mail whose
 * sender's SPF fails ({@code 550 5.7.23}) and stamps a {@code Received-SPF} header on what it
 * accepts. Its DNS is the test's knotd (through the image's loopback dnsmasq, for the given zones
 * only). What it accepts it relays on to the test's {@link SmtpSink}, which plays its mailboxes.
 */
final class OutsideReceiver implements AutoCloseable {
  static final String NAME = "mx.outside.test";
  private static final String LOG = "/var/log/receiver-mail.log";

  // Open relay (to the sink) is safe here: the container is reachable only on the test's bridge.
  // The SPF policy comes before everything, so nothing it refuses is relayed.
  private static final String SETUP =
      """
      set -e
      export DEBIAN_FRONTEND=noninteractive
      echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
      echo "postfix postfix/mailname string mx.outside.test" | debconf-set-selections
      apt-get update -qq
      apt-get install -y -qq postfix postfix-policyd-spf-python >/dev/null
      postconf -e myhostname=mx.outside.test mydestination= inet_protocols=ipv4 \\
        "relayhost=[$1]:$2" maillog_file=/var/log/receiver-mail.log \\
        policyd-spf_time_limit=3600 smtpd_recipient_restrictions= mynetworks=0.0.0.0/0 \\
        'smtpd_relay_restrictions=check_policy_service unix:private/policyd-spf, permit_mynetworks, reject_unauth_destination'
      postconf -M 'policyd-spf/unix=policyd-spf unix - n n - 0 spawn user=policyd-spf argv=/usr/bin/policyd-spf'
      systemctl restart postfix
      postfix status
      """;

  private final TargetHost host;
  private final CompletableFuture<Void> ready;

  private OutsideReceiver(TargetHost host, CompletableFuture<Void> ready) {
    this.host = host;
    this.ready = ready;
  }

  /**
   * A receiver that relays to {@code sinkAddress}:{@code sinkPort} and resolves {@code zones} at
   * {@code dnsAddress}:{@code dnsPort}. The container runs at once; its packages install in the
   * background (they take a while), so the caller deploys meanwhile and then calls {@link
   * #awaitReady}.
   */
  static OutsideReceiver start(
      String sinkAddress, int sinkPort, String dnsAddress, int dnsPort, List<String> zones) {
    TargetHost host = TargetHost.builder("bookworm").hostname(NAME).start();
    CompletableFuture<Void> ready =
        CompletableFuture.runAsync(
            () -> {
              host.resolveZonesVia(dnsAddress, dnsPort, zones);
              host.exec("bash", "-c", SETUP, "setup", sinkAddress, String.valueOf(sinkPort))
                  .requireSuccess("setting up the outside receiver");
            });
    return new OutsideReceiver(host, ready);
  }

  /** Returns once Postfix and its SPF policy run; fails with the setup's error otherwise. */
  void awaitReady() {
    ready.join();
  }

  /** Its address on the Docker bridge, where the mail hosts deliver. */
  String address() {
    return host.exec("hostname", "-I").stdout().strip().split("\\s+")[0];
  }

  /** Its Postfix log and policyd-spf's verdicts, for assertion messages. */
  String log() {
    return host.exec(
            "sh", "-c", "cat " + LOG + "; journalctl -q --no-pager -t policyd-spf 2>/dev/null")
        .stdout();
  }

  @Override
  public void close() {
    host.close();
  }
}
