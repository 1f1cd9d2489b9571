package dev.mailpush.engine;

import dev.mailpush.facts.ProbeScript;
import dev.mailpush.facts.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file under {@value #DIR} that records a due handler on the host. A handler's name is free
 * text from a playbook, so it is never used as a path: {@link #fileName} encodes it into letters,
 * digits, '-', '_', '%' (and '~' for long names), which no name can turn into "..", a '/' or a line
 * break, and two names never share a file.
 */
record PendingMark(String handler) {
  static final String DIR = ProbeScript.STATE_DIR + "/pending";

  /**
   * Names longer than this once encoded keep a readable start and a digest (NAME_MAX is 255 bytes).
   */
  private static final int MAX = 120;

  private static final int SLUG = 40;
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** Handler names before marks were encoded: their marks were files named as the handler. */
  private static final Pattern OLD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}");

  PendingMark {
    Objects.requireNonNull(handler, "handler");
  }

  /**
   * Injective and path-safe. ASCII letters, digits, '-' and '_' stay; any other character below
   * U+0080 becomes {@code %XX} and any other {@code %uXXXX} (of its UTF-16 unit, so even a lone
   * surrogate is kept apart): each character has exactly one spelling and '%' always starts one, so
   * different names give different encodings. An encoding longer than {@value #MAX} becomes its
   * first {@value #SLUG} characters, '~' and the SHA-256 of the whole encoding: '~' marks that
   * form, as no plain encoding contains it. The empty name is "%", which no other name gives (an
   * encoding never ends in a lone '%').
   */
  static String fileName(String handler) {
    if (handler.isEmpty()) {
      return "%";
    }
    StringBuilder b = new StringBuilder(handler.length());
    for (int i = 0; i < handler.length(); i++) {
      char c = handler.charAt(i);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        b.append(c);
      } else if (c < 0x80) {
        b.append('%').append(HEX.toHexDigits((byte) c));
      } else {
        b.append("%u").append(HEX.toHexDigits(c));
      }
    }
    String encoded = b.toString();
    return encoded.length() <= MAX
        ? encoded
        : encoded.substring(0, SLUG)
            + "~"
            + Sha256.hex(encoded.getBytes(StandardCharsets.US_ASCII));
  }

  String path() {
    return DIR + "/" + fileName(handler);
  }

  /**
   * Where mailpush 0.1 put this handler's mark, when that differs from {@link #path()}: the name
   * itself, for the names it allowed (they cannot leave the directory). A mark left by a run before
   * the upgrade still fires. Such a name holds a space or a '.', which no encoding does, so it is
   * never another handler's new mark.
   */
  Optional<String> legacyPath() {
    return OLD_NAME.matcher(handler).matches() && !handler.equals(fileName(handler))
        ? Optional.of(DIR + "/" + handler)
        : Optional.empty();
  }

  /** Both places the mark may be, to clear it. */
  List<String> paths() {
    List<String> all = new ArrayList<>(List.of(path()));
    legacyPath().ifPresent(all::add);
    return all;
  }

  /** Whether the probe found this mark among the files of {@value #DIR}. */
  boolean in(Set<String> fileNames) {
    return fileNames.contains(fileName(handler))
        || legacyPath().isPresent() && fileNames.contains(handler);
  }
}
