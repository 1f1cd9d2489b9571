package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.util.regex.Pattern;

/**
 * The rule for a mail user's {@code password_hash}: a crypt(3) hash (sha512, sha256, yescrypt or
 * bcrypt), never a password. Problems describe the value and never echo it: it may be a real
 * password typed in by mistake.
 */
final class CryptHash {
  /** How to get a hash; every problem about a mail user's password ends with it. */
  static final String HOW_TO_HASH =
      "run `mailpush hash-password`, type the password, and put the printed hash in password_hash";

  private static final Pattern CRYPT_HASH =
      Pattern.compile(
          String.join(
              "|",
              "\\$6\\$(rounds=\\d{4,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}",
              "\\$5\\$(rounds=\\d{4,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}",
              "\\$y\\$[./0-9A-Za-z]+\\$[./0-9A-Za-z]*\\$[./0-9A-Za-z]{43}",
              "\\$2[aby]\\$\\d\\d\\$[./0-9A-Za-z]{53}"));

  private CryptHash() {}

  static boolean isCryptHash(String v) {
    return CRYPT_HASH.matcher(v).matches();
  }

  /**
   * The hash as written, or which mistake it is: a malformed hash (it starts with {@code $}) or,
   * more likely, a plaintext password.
   */
  static Checked check(String v) {
    if (isCryptHash(v)) {
      return ok(v);
    }
    if (v.startsWith("$")) {
      return bad("not a well-formed crypt hash ($6$, $y$, $5$ or $2b$)", HOW_TO_HASH);
    }
    return bad(
        "this looks like a plaintext password, not a crypt hash",
        "never put passwords in the inventory; " + HOW_TO_HASH);
  }
}
