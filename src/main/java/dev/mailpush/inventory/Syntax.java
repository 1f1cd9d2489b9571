package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Value rules for choices, paths and URLs. The other rules live with their kind: {@link Names},
 * {@link HostAddresses}, {@link TextRules} (which {@link TableReader} applies to every string) and
 * {@link CryptHash}. Values end up in config files and shell commands on the hosts, so every rule
 * is an allow-list.
 */
final class Syntax {
  private static final Pattern REMOTE_PATH = Pattern.compile("/|(/[A-Za-z0-9._@+-]+)+/?");

  private Syntax() {}

  static Checked oneOf(String v, List<String> allowed) {
    if (allowed.contains(v)) {
      return ok(v);
    }
    return bad(
        "\""
            + v
            + "\" is not one of "
            + String.join(" | ", allowed)
            + Suggestions.closest(v, allowed).map(s -> "; did you mean \"" + s + "\"?").orElse(""),
        "use one of: " + String.join(", ", allowed));
  }

  /**
   * A path on the admin machine; {@code ~/} and relative paths are resolved by {@link
   * PathResolver}.
   */
  static Checked localPath(String v) {
    if (v.isBlank()) {
      return bad("the path is empty", "give a file path, or leave the key out");
    }
    if (v.startsWith("~") && !v.equals("~") && !v.startsWith("~/")) {
      return bad(
          "\"" + v + "\" uses ~user, which is not supported",
          "write the full path, or ~/... for your own home directory");
    }
    return ok(v);
  }

  /** An absolute path on the target host, in a conservative character set. */
  static Checked remotePath(String v) {
    if (!REMOTE_PATH.matcher(v).matches() || List.of(v.split("/")).contains("..")) {
      return bad(
          "\"" + v + "\" is not an absolute path of plain names",
          "use an absolute path of letters, digits and . _ @ + -, e.g. /var/www/html");
    }
    return ok(v);
  }

  static Checked httpsUrl(String v) {
    String hint =
        "use an https:// URL of the ACME directory, e.g. https://acme-v02.api.letsencrypt.org/directory";
    try {
      URI uri = new URI(v);
      if (!"https".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        return bad("\"" + v + "\" is not an https:// URL", hint);
      }
      return ok(v);
    } catch (URISyntaxException e) {
      return bad("\"" + v + "\" is not a valid URL", hint);
    }
  }
}
