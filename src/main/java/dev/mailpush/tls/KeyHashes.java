package dev.mailpush.tls;

import dev.mailpush.MailpushException;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.util.List;
import java.util.Optional;

/**
 * The SHA-256 of the SubjectPublicKeyInfo (what a {@code TLSA 3 1 1} record holds) of a host's
 * served certificate, its current private key and its next key, computed on the host by openssl:
 * only public-key hashes come back, never a key.
 */
public final class KeyHashes {
  private KeyHashes() {}

  /** The served certificate chain (its first certificate's key is the one TLSA must match). */
  public static final String FULLCHAIN = HostScripts.FULLCHAIN;

  /** The spare key the next certificate order uses, published in TLSA before it serves. */
  public static final String NEXT_KEY = HostScripts.NEXT_KEY;

  /**
   * Prints "served HASH", "current HASH", "next HASH" for $1 (certificate), $2 and $3 (private
   * keys) that exist; an unreadable file prints the word without a hash. sha256sum of an empty
   * input is never printed as a key's hash.
   */
  static final String SCRIPT =
      """
      spki() {
        p=$("$@" 2>/dev/null) || return 0
        [ -n "$p" ] || return 0
        printf '%s\\n' "$p" | openssl pkey -pubin -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1
      }
      if [ -f "$1" ]; then echo "served $(spki openssl x509 -in "$1" -noout -pubkey)"; fi
      if [ -f "$2" ]; then echo "current $(spki openssl pkey -in "$2" -pubout)"; fi
      if [ -f "$3" ]; then echo "next $(spki openssl pkey -in "$3" -pubout)"; fi
      exit 0
      """;

  /**
   * @param served the served certificate's key
   * @param current privkey.pem's (the same key, unless an install was interrupted)
   * @param next the next key's; empty when there is none yet
   */
  public record Hashes(Optional<String> served, Optional<String> current, Optional<String> next) {}

  /** Reads the hashes over {@code session}, as root. */
  public static Hashes read(HostSession session) {
    ExecResult r =
        session.exec(
            ExecRequest.root(
                List.of(
                    "sh",
                    "-c",
                    SCRIPT,
                    "sh",
                    HostScripts.FULLCHAIN,
                    HostScripts.PRIVKEY,
                    HostScripts.NEXT_KEY)));
    if (!r.succeeded()) {
      throw new MailpushException(
          "the host could not hash its TLS keys: " + r.stderrText().strip(),
          "openssl must be installed on the host");
    }
    return parse(r.stdoutText());
  }

  /** The script's output; a line without a 64-digit hash counts as no key. */
  static Hashes parse(String out) {
    return new Hashes(field(out, "served"), field(out, "current"), field(out, "next"));
  }

  private static Optional<String> field(String out, String name) {
    return out.lines()
        .map(String::strip)
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(name.length() + 1).strip())
        .filter(h -> h.matches("[0-9a-fA-F]{64}"))
        .map(String::toLowerCase)
        .findFirst();
  }
}
