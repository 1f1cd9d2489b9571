package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [mail.relay]}: the smarthost a host sends all outgoing mail through (for providers that
 * block port 25), logging in with SASL over verified TLS only.
 *
 * @param host the relay's name (its certificate must name it) or address
 * @param port 587 by default; 465 with {@link Tls#IMPLICIT}
 * @param tls STARTTLS on a submission port, or TLS from the first byte (port 465)
 * @param user the SASL login
 * @param password from the admin's {@code password_file}: only ever written to a root-only file
 * @param caPem PEM certificates of a private CA the relay's certificate is checked against, instead
 *     of the host's trusted CAs
 */
public record RelayConfig(
    String host, int port, Tls tls, String user, String password, Optional<String> caPem) {

  /** Where the relay's CA goes on the host when {@code ca_file} is given. */
  public static final String CA_PATH = "/etc/mailpush/relay-ca.pem";

  /** Postfix's SASL client password map (source; postmap compiles it next to it). */
  public static final String PASSWORD_MAP = "/etc/postfix/sasl_passwd";

  /** How the connection to the relay is encrypted; it is never plaintext. */
  public enum Tls {
    STARTTLS,
    IMPLICIT
  }

  public RelayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(caPem, "caPem");
  }

  /**
   * As Postfix writes a next hop without MX lookup: {@code [host]:port}, {@code [ipv6:addr]:port}.
   */
  public String nextHop() {
    return "[" + (host.contains(":") ? "ipv6:" : "") + host + "]:" + port;
  }

  /** The password map's one line: {@code [host]:port user:password}. */
  public String passwordMapLine() {
    return nextHop() + " " + user + ":" + password + "\n";
  }

  /** Template view: the password is absent on purpose (it goes to a 0600 file only). */
  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("host", host);
    m.put("port", port);
    m.put("next_hop", nextHop());
    m.put("implicit_tls", tls == Tls.IMPLICIT);
    m.put("tls", tls == Tls.IMPLICIT ? "tls" : "starttls");
    m.put("user", user);
    m.put("ca_file", caPem.isPresent() ? CA_PATH : "");
    m.put("has_ca_file", caPem.isPresent());
    return m;
  }

  /** The same keys, so templates can name them whether or not a host has a relay. */
  static Map<String, Object> disabledModel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", false);
    m.put("host", "");
    m.put("port", 0);
    m.put("next_hop", "");
    m.put("implicit_tls", false);
    m.put("tls", "");
    m.put("user", "");
    m.put("ca_file", "");
    m.put("has_ca_file", false);
    return m;
  }

  @Override
  public String toString() {
    return "RelayConfig[" + nextHop() + ", " + tls + ", user=" + user + ", password=(secret)]";
  }
}
