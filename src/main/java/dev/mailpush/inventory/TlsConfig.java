package dev.mailpush.inventory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@code [tls]} settings of one host. */
public record TlsConfig(
    Mode mode,
    String acmeDirectory,
    Optional<String> acmeEmail,
    boolean acmeAcceptTerms,
    Challenge challenge,
    String webroot,
    int renewDays,
    Optional<Path> acmeCaCert) {

  public TlsConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(acmeDirectory, "acmeDirectory");
    Objects.requireNonNull(acmeEmail, "acmeEmail");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(webroot, "webroot");
    Objects.requireNonNull(acmeCaCert, "acmeCaCert");
  }

  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode.key());
    m.put("acme_directory", acmeDirectory);
    m.put("acme_email", acmeEmail.orElse(""));
    m.put("challenge", challenge.key());
    m.put("webroot", webroot);
    m.put("renew_days", renewDays);
    return m;
  }

  /** Where the certificate comes from. */
  public enum Mode {
    ACME("acme"),
    SELF_SIGNED("self-signed");

    private final String key;

    Mode(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** How the HTTP-01 challenge is answered. */
  public enum Challenge {
    STANDALONE("standalone"),
    WEBROOT("webroot");

    private final String key;

    Challenge(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }
}
