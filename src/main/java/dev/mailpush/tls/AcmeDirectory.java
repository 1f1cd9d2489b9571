package dev.mailpush.tls;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An ACME directory: {@code letsencrypt}, {@code letsencrypt-staging} or any https URL as written
 * in {@code tls.acme_directory}.
 */
record AcmeDirectory(URI uri) {
  public static final URI LETSENCRYPT =
      URI.create("https://acme-v02.api.letsencrypt.org/directory");
  public static final URI LETSENCRYPT_STAGING =
      URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");

  public AcmeDirectory {
    Objects.requireNonNull(uri, "uri");
    if (uri.getHost() == null
        || !"https".equalsIgnoreCase(uri.getScheme())
            && !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "an ACME directory must be an https URL (got " + uri + ")");
    }
  }

  /** The inventory's {@code acme_directory} value: a short name or a URL. */
  public static AcmeDirectory of(String setting) {
    return switch (setting) {
      case "letsencrypt" -> new AcmeDirectory(LETSENCRYPT);
      case "letsencrypt-staging" -> new AcmeDirectory(LETSENCRYPT_STAGING);
      default -> new AcmeDirectory(URI.create(setting));
    };
  }

  /**
   * Directory name for this CA's local state: its host, plus {@code _PORT} when the URL has one.
   */
  public String stateName() {
    String name =
        uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : "_" + uri.getPort());
    return name.replaceAll("[^a-z0-9._-]", "_");
  }

  /** Let's Encrypt's production directory, whose certificates browsers and MTAs trust. */
  public boolean isLetsEncryptProduction() {
    return uri.equals(LETSENCRYPT);
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
