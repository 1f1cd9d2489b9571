package dev.mailpush.inventory;

import java.util.List;
import java.util.Optional;

/** {@code [tls]} and {@code [hosts.X.tls]}: where each host's certificate comes from. */
final class TlsSection {
  static final List<String> KEYS =
      List.of(
          "mode",
          "acme_directory",
          "acme_email",
          "acme_accept_terms",
          "challenge",
          "webroot",
          "renew_days",
          "acme_ca_cert");

  private TlsSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("mode", t.string("mode", v -> Syntax.oneOf(v, List.of("acme", "self-signed"))));
    s.put("acme_directory", t.string("acme_directory", TlsSection::directory));
    s.put("acme_email", t.string("acme_email", Names::email));
    s.put("acme_accept_terms", t.bool("acme_accept_terms"));
    s.put(
        "challenge", t.string("challenge", v -> Syntax.oneOf(v, List.of("standalone", "webroot"))));
    s.put("webroot", t.string("webroot", Syntax::remotePath));
    s.put("renew_days", t.integer("renew_days", 1, 89));
    s.put("acme_ca_cert", t.string("acme_ca_cert", Syntax::localPath));
    return s;
  }

  static TlsConfig resolve(Settings s, PathResolver paths, HostScope scope) {
    Optional<Located<String>> mode = s.get("mode", String.class);
    boolean acme = mode.map(m -> m.value().equals("acme")).orElse(false);
    Optional<String> email = s.get("acme_email", String.class).map(Located::value);
    boolean terms = s.value("acme_accept_terms", Boolean.class, false);
    if (acme && email.isEmpty()) {
      scope.add(
          mode.get().position(),
          "mode = \"acme\" needs acme_email",
          "add acme_email = \"postmaster@example.com\" to [tls]: the CA sends expiry and account notices there");
    }
    if (acme && !terms) {
      scope.add(
          mode.get().position(),
          "mode = \"acme\" needs acme_accept_terms = true",
          "read the CA's terms of service (Let's Encrypt: https://letsencrypt.org/repository/), then set"
              + " acme_accept_terms = true in [tls]");
    }
    return new TlsConfig(
        acme ? TlsConfig.Mode.ACME : TlsConfig.Mode.SELF_SIGNED,
        s.value("acme_directory", String.class, "letsencrypt"),
        email,
        terms,
        s.value("challenge", String.class, "standalone").equals("webroot")
            ? TlsConfig.Challenge.WEBROOT
            : TlsConfig.Challenge.STANDALONE,
        s.value("webroot", String.class, "/var/www/html"),
        s.value("renew_days", Long.class, 30L).intValue(),
        s.get("acme_ca_cert", String.class).map(v -> paths.resolve(v.value())));
  }

  private static Checked directory(String v) {
    if (v.equals("letsencrypt") || v.equals("letsencrypt-staging")) {
      return Checked.ok(v);
    }
    if (!v.contains(":")) {
      return Syntax.oneOf(v, List.of("letsencrypt", "letsencrypt-staging"));
    }
    return Syntax.httpsUrl(v);
  }
}
