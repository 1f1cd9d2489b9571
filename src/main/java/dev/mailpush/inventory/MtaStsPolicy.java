package dev.mailpush.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An MTA-STS policy (RFC 8461, section 3.2) as the host serves it, and the id its {@code _mta-sts}
 * TXT record carries. The id is derived from the text, so it changes exactly when the policy does
 * (senders re-fetch a policy only when the id changes).
 *
 * @param mx the MX host names senders may deliver to, each exactly as in the MX records
 * @param maxAge seconds senders cache the policy
 */
public record MtaStsPolicy(WebConfig.MtaStsMode mode, List<String> mx, int maxAge) {
  public MtaStsPolicy {
    Objects.requireNonNull(mode, "mode");
    if (mode == WebConfig.MtaStsMode.OFF) {
      throw new IllegalArgumentException("mta_sts = \"off\" has no policy");
    }
    mx = mx.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    if (mx.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one mx");
    }
    if (maxAge < 1 || maxAge > 31557600) {
      throw new IllegalArgumentException("maxAge (" + maxAge + ") must be 1..31557600");
    }
  }

  /** The policy file (RFC 8461 allows LF or CRLF line ends: LF, as files on the host have). */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("version: STSv1\n");
    b.append("mode: ").append(mode.key()).append("\n");
    mx.forEach(h -> b.append("mx: ").append(h).append("\n"));
    b.append("max_age: ").append(maxAge).append("\n");
    return b.toString();
  }

  /** 20 hex digits of the text's SHA-256 (an id is 1 to 32 letters and digits). */
  public String id() {
    return idOf(text());
  }

  /** The id of a policy text as served (for comparing what a server sends with the record). */
  public static String idOf(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code _mta-sts.DOMAIN} TXT record's value. */
  public String record() {
    return "v=STSv1; id=" + id();
  }
}
