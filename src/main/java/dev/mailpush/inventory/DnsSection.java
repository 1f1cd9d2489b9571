package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.TomlPosition;

/**
 * {@code [dns]}: where {@code mailpush dns apply} sends its RFC 2136 updates, and the TSIG key (its
 * secret in a file on the admin machine, read here and never shown).
 */
final class DnsSection {
  static final List<String> KEYS =
      List.of("server", "tsig_key_name", "tsig_algorithm", "tsig_secret_file", "ttl");

  static final List<String> ALGORITHMS =
      List.of("hmac-sha256", "hmac-sha384", "hmac-sha512", "hmac-sha224");

  private static final Pattern SERVER =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
  // A key file as tsig-keygen (BIND), keymgr -t or knotc print it: secret "..."; or secret: ...
  private static final Pattern KEY_FILE_SECRET =
      Pattern.compile("secret[\\s:]+\"?([A-Za-z0-9+/=]+)\"?");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  private DnsSection() {}

  /** Empty without a {@code [dns]} table, or after reporting its problems. */
  static Optional<DnsConfig> read(TableReader t, PathResolver paths) {
    t.rejectUnknown(KEYS, key -> null);
    Problems problems = t.problems();
    Optional<Located<String>> server = t.string("server", DnsSection::server);
    Optional<Located<String>> keyName = t.string("tsig_key_name", DnsSection::keyName);
    Optional<Located<String>> algorithm =
        t.string("tsig_algorithm", v -> Syntax.oneOf(v, ALGORITHMS));
    Optional<Located<String>> secretFile = t.string("tsig_secret_file", Syntax::localPath);
    Optional<Located<Long>> ttl = t.integer("ttl", 60, 86400);
    TomlPosition at = t.position();
    boolean complete = true;
    for (String key : List.of("server", "tsig_key_name", "tsig_secret_file")) {
      if (!t.has(key)) {
        problems.add(at, "[dns] needs " + key, hint(key));
        complete = false;
      }
    }
    if (!complete || server.isEmpty() || keyName.isEmpty() || secretFile.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> secret =
        SecretFile.read(secretFile.get(), paths, problems)
            .flatMap(text -> secret(text, secretFile.get(), paths, problems));
    if (secret.isEmpty() || (t.has("tsig_algorithm") && algorithm.isEmpty())) {
      return Optional.empty();
    }
    Matcher m = SERVER.matcher(server.get().value());
    m.matches();
    String host = m.group(1).replaceAll("^\\[|\\]$", "");
    int port = m.group(2) == null ? 53 : Integer.parseInt(m.group(2));
    return Optional.of(
        new DnsConfig(
            host,
            port,
            keyName.get().value(),
            algorithm.map(Located::value).orElse("hmac-sha256"),
            secret.get(),
            ttl.map(l -> l.value().intValue()).orElse(3600)));
  }

  private static String hint(String key) {
    return switch (key) {
      case "server" ->
          "add server = \"ns1.example.net\" (the primary that takes dynamic updates; host:port for another port)";
      case "tsig_key_name" ->
          "add tsig_key_name = \"mailpush\": the TSIG key's name on that server";
      default ->
          "add tsig_secret_file = \"~/.config/mailpush/tsig.key\": a file of yours (chmod 600) with the key's base64 secret, or the key file tsig-keygen or keymgr printed";
    };
  }

  private static Checked server(String v) {
    Matcher m = SERVER.matcher(v);
    if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535)) {
      return bad(
          "\"" + v + "\" is not a name server",
          "write its name or address, with :port for another port than 53, e.g. \"ns1.example.net\" or \"192.0.2.53:5353\"");
    }
    return ok(v);
  }

  private static Checked keyName(String v) {
    return NAME.matcher(v).matches() && v.length() <= 253
        ? ok(v)
        : bad(
            "\"" + v + "\" is not a TSIG key name",
            "key names look like DNS names, e.g. \"mailpush\" or \"mailpush.example.com\"");
  }

  /** The base64 secret: the file's first line, or the secret of a key file. */
  private static Optional<String> secret(
      String text, Located<String> setting, PathResolver paths, Problems problems) {
    Matcher keyFile = KEY_FILE_SECRET.matcher(text);
    String value = keyFile.find() ? keyFile.group(1) : SecretFile.firstLine(text).strip();
    boolean decodes = BASE64.matcher(value).matches();
    if (decodes) {
      try {
        decodes = Base64.getDecoder().decode(value).length >= 16;
      } catch (IllegalArgumentException e) {
        decodes = false;
      }
    }
    if (!decodes) {
      problems.add(
          setting.position(),
          paths.resolve(setting.value()) + " holds no TSIG secret",
          "write the key's base64 secret on the first line (at least 16 bytes, as tsig-keygen or"
              + " keymgr -t make it), or use the key file they print");
      return Optional.empty();
    }
    return Optional.of(value);
  }
}
