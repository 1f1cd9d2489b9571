package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tomlj.TomlPosition;

/**
 * {@code [mail.relay]} and {@code [hosts.X.mail.relay]}: the smarthost, its login and the password
 * (a file on the admin machine, read here and never shown). A host's table replaces the default one
 * as a whole: a relay's settings belong together.
 */
final class RelaySection {
  static final List<String> KEYS =
      List.of("host", "port", "tls", "user", "password_file", "ca_file");

  private static final Pattern USER = Pattern.compile("[^\\s:]{1,255}");

  private RelaySection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("host", t.string("host", HostAddresses::address));
    s.put("port", t.integer("port", 1, 65535));
    s.put("tls", t.string("tls", v -> Syntax.oneOf(v, List.of("starttls", "tls"))));
    s.put("user", t.string("user", RelaySection::user));
    s.put("password_file", t.string("password_file", Syntax::localPath));
    s.put("ca_file", t.string("ca_file", Syntax::localPath));
    for (String key : KEYS) {
      if (t.has(key) && s.get(key, Object.class).isEmpty()) {
        // Refused (reported already): resolve must not add that it is missing.
        s.put("refused", Optional.of(new Located<>(true, t.positionOf(key))));
      }
    }
    s.put("table", Optional.of(new Located<>(true, t.position())));
    return s;
  }

  /** Empty without a relay table, or after reporting its problems. */
  static Optional<RelayConfig> resolve(Settings s, PathResolver paths, HostScope scope) {
    Optional<Located<Boolean>> table = s.get("table", Boolean.class);
    if (table.isEmpty()) {
      return Optional.empty();
    }
    TomlPosition at = table.get().position();
    boolean complete = true;
    for (String key : List.of("host", "user", "password_file")) {
      if (s.get(key, Object.class).isEmpty() && !s.value("refused", Boolean.class, false)) {
        scope.add(at, "[mail.relay] needs " + key, hint(key));
        complete = false;
      }
    }
    if (!complete || s.value("refused", Boolean.class, false)) {
      return Optional.empty();
    }
    RelayConfig.Tls tls =
        s.value("tls", String.class, "starttls").equals("tls")
            ? RelayConfig.Tls.IMPLICIT
            : RelayConfig.Tls.STARTTLS;
    int port =
        s.get("port", Long.class)
            .map(p -> p.value().intValue())
            .orElse(tls == RelayConfig.Tls.IMPLICIT ? 465 : 587);
    if (!portFitsTls(s, port, tls, scope)) {
      return Optional.empty();
    }
    Located<String> passwordFile = s.get("password_file", String.class).orElseThrow();
    Optional<String> password =
        SecretFile.password(passwordFile, paths, scope, "the relay's")
            .flatMap(line -> plainPassword(line, passwordFile, paths, scope));
    Optional<Optional<String>> ca =
        s.get("ca_file", String.class)
            .map(c -> caPem(c, paths, scope).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
    if (password.isEmpty() || ca.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RelayConfig(
            s.get("host", String.class).orElseThrow().value(),
            port,
            tls,
            s.get("user", String.class).orElseThrow().value(),
            password.get(),
            ca.get()));
  }

  private static String hint(String key) {
    return switch (key) {
      case "host" ->
          "add host = \"smtp.provider.example\": the relay's name as its certificate names it";
      case "user" -> "add user = \"mx1@example.com\": the login the relay gave you";
      default ->
          "add password_file = \"~/.config/mailpush/relay-password\": a file of yours (chmod 600)"
              + " with the relay's password on its first line";
    };
  }

  /** 465 speaks TLS from the first byte and 587 starts in plaintext: a mix-up never connects. */
  private static boolean portFitsTls(Settings s, int port, RelayConfig.Tls tls, HostScope scope) {
    Optional<Located<Long>> written = s.get("port", Long.class);
    if (written.isEmpty()) {
      return true;
    }
    if (port == 465 && tls == RelayConfig.Tls.STARTTLS) {
      scope.add(
          written.get().position(),
          "port 465 speaks TLS from the first byte, and tls is \"starttls\"",
          "add tls = \"tls\" to [mail.relay], or use port 587 for STARTTLS");
      return false;
    }
    if (port == 587 && tls == RelayConfig.Tls.IMPLICIT) {
      scope.add(
          written.get().position(),
          "port 587 starts in plaintext with STARTTLS, and tls is \"tls\"",
          "write tls = \"starttls\" (the default) for port 587, or use port 465 for tls = \"tls\"");
      return false;
    }
    return true;
  }

  private static Checked user(String v) {
    return USER.matcher(v).matches()
        ? ok(v)
        : bad(
            "\"" + v + "\" is not a relay login",
            "write the login the relay gave you, without spaces or colons, e.g. \"mx1@example.com\"");
  }

  /** Postfix's map would lose spaces at the password's ends and cannot hold a control character. */
  private static Optional<String> plainPassword(
      String line, Located<String> setting, PathResolver paths, HostScope scope) {
    Path file = paths.resolve(setting.value());
    if (!line.equals(line.strip()) || line.chars().anyMatch(Character::isISOControl)) {
      scope.add(
          setting.position(),
          "the password in " + file + " starts or ends with spaces, or holds control characters",
          "write the password alone on the first line, without spaces around it");
      return Optional.empty();
    }
    return Optional.of(line);
  }

  /** The private CA's certificates, parsed, so a wrong file fails here and not on the host. */
  private static Optional<String> caPem(
      Located<String> setting, PathResolver paths, HostScope scope) {
    Path file = paths.resolve(setting.value());
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      scope.add(
          setting.position(),
          "cannot read " + file + ": no such file or not readable",
          "give the PEM file of the CA that signed the relay's certificate, or leave ca_file out"
              + " when a public CA signed it");
      return Optional.empty();
    }
    boolean certificates;
    try {
      certificates =
          text.contains("-----BEGIN CERTIFICATE-----")
              && !CertificateFactory.getInstance("X.509")
                  .generateCertificates(
                      new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                  .isEmpty();
    } catch (CertificateException e) {
      certificates = false;
    }
    if (!certificates) {
      scope.add(
          setting.position(),
          file + " holds no PEM certificate",
          "give the CA certificate as PEM (-----BEGIN CERTIFICATE-----), e.g. openssl x509 -in"
              + " ca.der -inform der -out ca.pem");
      return Optional.empty();
    }
    return Optional.of(text.endsWith("\n") ? text : text + "\n");
  }
}
