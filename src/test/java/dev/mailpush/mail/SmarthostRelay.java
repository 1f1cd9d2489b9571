package dev.mailpush.mail;

import dev.mailpush.testhosts.TargetHost;
import java.time.Duration;

/**
 * A provider's smarthost in a second bookworm container: Postfix with submission on 587 (STARTTLS
 * required, then AUTH required: nothing is relayed for a client that has not logged in), Dovecot as
 * its SASL server with one login, and a certificate for {@value #NAME} from a CA of its own. It
 * takes mail for {@value #OUTSIDE} into the local mailbox of the user of the same name, so a test
 * reads what arrived with {@link #mailbox}.
 */
final class SmarthostRelay implements AutoCloseable {
  static final String NAME = "relay.s.test";
  static final String OUTSIDE = "outside.test";
  private static final String LOG = "/var/log/relay-mail.log";

  private static final String SETUP =
      """
      set -e
      export DEBIAN_FRONTEND=noninteractive
      echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
      echo "postfix postfix/mailname string relay.s.test" | debconf-set-selections
      apt-get update -qq
      apt-get install -y -qq postfix dovecot-core openssl >/dev/null
      mkdir -p /etc/relay-tls && cd /etc/relay-tls
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \\
        -subj /CN=relay-test-ca -addext basicConstraints=critical,CA:TRUE \\
        -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -keyout relay.key -out relay.csr -subj /CN=relay.s.test 2>/dev/null
      printf '%s\\n' subjectAltName=DNS:relay.s.test extendedKeyUsage=serverAuth \\
        authorityKeyIdentifier=keyid subjectKeyIdentifier=hash > ext
      openssl x509 -req -in relay.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out relay.pem \\
        -days 2 -extfile ext 2>/dev/null
      chmod 600 relay.key ca.key
      useradd -m bob
      postconf -e myhostname=relay.s.test 'mydestination=relay.s.test, outside.test, localhost' \\
        smtpd_tls_cert_file=/etc/relay-tls/relay.pem smtpd_tls_key_file=/etc/relay-tls/relay.key \\
        smtpd_sasl_type=dovecot smtpd_sasl_path=private/auth inet_protocols=ipv4 \\
        maillog_file=/var/log/relay-mail.log
      postconf -M 'submission/inet=submission inet n - y - - smtpd'
      postconf -P submission/inet/smtpd_tls_security_level=encrypt \\
        submission/inet/smtpd_sasl_auth_enable=yes submission/inet/smtpd_tls_auth_only=yes \\
        'submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject' \\
        'submission/inet/smtpd_recipient_restrictions=permit_sasl_authenticated,reject'
      cat > /etc/dovecot/dovecot.conf <<'CONF'
      protocols =
      auth_mechanisms = plain login
      passdb {
        driver = passwd-file
        args = scheme=PLAIN username_format=%u /etc/dovecot/relay-users
      }
      userdb {
        driver = static
        args = uid=nobody gid=nogroup home=/nonexistent
      }
      service auth {
        unix_listener /var/spool/postfix/private/auth {
          mode = 0660
          user = postfix
          group = postfix
        }
      }
      ssl = no
      CONF
      touch /etc/dovecot/relay-users && chown root:dovecot /etc/dovecot/relay-users
      chmod 640 /etc/dovecot/relay-users
      """;

  private final TargetHost host;

  private SmarthostRelay(TargetHost host) {
    this.host = host;
  }

  /** A running relay that accepts {@code user} with {@code password} (given over stdin). */
  static SmarthostRelay start(String user, String password) throws Exception {
    TargetHost host = TargetHost.builder("bookworm").hostname(NAME).start();
    try {
      host.exec("bash", "-c", SETUP).requireSuccess("setting up the relay");
      // Over docker exec's stdin: the password is on no command line.
      host.execWithInput(
          user + ":{PLAIN}" + password + "\n", "sh", "-c", "cat > /etc/dovecot/relay-users");
      host.exec("sh", "-c", "systemctl restart dovecot postfix && postfix status")
          .requireSuccess("starting the relay");
      return new SmarthostRelay(host);
    } catch (Exception | Error e) {
      host.close();
      throw e;
    }
  }

  /** The relay's address on the Docker bridge, where the mail host reaches it. */
  String address() {
    return host.exec("hostname", "-I").stdout().strip().split("\\s+")[0];
  }

  /** The CA that signed the relay's certificate (PEM). */
  String caPem() {
    return host.exec("cat", "/etc/relay-tls/ca.pem").requireSuccess("reading the CA").stdout();
  }

  /**
   * A CA certificate that signed nothing of this relay's (PEM): what an impostor's would chain to.
   */
  String unrelatedCaPem() {
    return host.exec(
            "sh",
            "-c",
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/other-ca.key -out /tmp/other-ca.pem"
                + " -days 2 -subj /CN=other-ca -addext basicConstraints=critical,CA:TRUE"
                + " 2>/dev/null && cat /tmp/other-ca.pem")
        .requireSuccess("another CA")
        .stdout();
  }

  /** The relay's Postfix log. */
  String log() {
    return host.exec("cat", LOG).stdout();
  }

  /** How many SMTP logins the relay has accepted so far. */
  long logins() {
    return log().lines().filter(l -> l.contains("sasl_username=")).count();
  }

  /** What arrived for {@code user}@{@value #OUTSIDE}, once {@code marker} is in it (or not). */
  String mailbox(String user, String marker, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    String box;
    do {
      box = host.exec("cat", "/var/mail/" + user).stdout();
      if (box.contains(marker)) {
        return box;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return box;
  }

  @Override
  public void close() {
    host.close();
  }
}
