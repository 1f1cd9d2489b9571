package dev.mailpush.dkim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which DKIM keys of one domain a host has and what each is for, as {@code
 * /etc/opendkim/keys/DOMAIN/state} records it. The host, not the inventory, says which selector
 * signs once a rotation switched it, so a later deploy keeps signing with the key DNS publishes;
 * without the file the inventory's {@code dkim_selector} signs.
 *
 * <pre>
 * active s20261203          # signs
 * pending s20270101         # made by dkim rotate, published, not signing yet
 * retiring mail 2026-12-03T18:00:00Z   # signed until then; record kept until the grace ends
 * </pre>
 *
 * @param active the signing selector; empty: the inventory's dkim_selector
 */
public record DkimState(
    Optional<String> active, Optional<String> pending, Optional<Retiring> retiring) {

  /** The state file of a domain. */
  public static String path(String domain) {
    return "/etc/opendkim/keys/" + domain + "/state";
  }

  /** A key that signed until {@code switched}, kept (and published) for the grace period. */
  public record Retiring(String selector, Instant switched) {
    public Retiring {
      requireSelector(selector);
    }
  }

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public DkimState {
    active.ifPresent(DkimState::requireSelector);
    pending.ifPresent(DkimState::requireSelector);
  }

  /** No file: the inventory's selector signs, nothing pending. */
  public static DkimState none() {
    return new DkimState(Optional.empty(), Optional.empty(), Optional.empty());
  }

  static String requireSelector(String s) {
    if (!LABEL.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a DKIM selector (a lowercase DNS label)");
    }
    return s;
  }

  public static boolean isSelector(String s) {
    return LABEL.matcher(s).matches();
  }

  /** The selector that signs: the file's, else the inventory's. */
  public String signing(String inventorySelector) {
    return active.orElse(inventorySelector);
  }

  /**
   * Parses the file's text; a line it does not understand is an error naming the line (the file is
   * mailpush's own, so it only breaks by hand).
   */
  public static DkimState parse(String text, String where) {
    Optional<String> active = Optional.empty();
    Optional<String> pending = Optional.empty();
    Optional<Retiring> retiring = Optional.empty();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] w = line.split("\\s+");
      try {
        switch (w[0]) {
          case "active" -> active = Optional.of(requireSelector(one(w)));
          case "pending" -> pending = Optional.of(requireSelector(one(w)));
          case "retiring" -> {
            if (w.length != 3) {
              throw new IllegalArgumentException("expected: retiring SELECTOR INSTANT");
            }
            retiring = Optional.of(new Retiring(w[1], Instant.parse(w[2])));
          }
          default -> throw new IllegalArgumentException("unknown entry " + w[0]);
        }
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException(
            where
                + ":"
                + (i + 1)
                + ": "
                + e.getMessage()
                + " (entries: active SELECTOR, pending SELECTOR, retiring SELECTOR INSTANT)",
            e);
      }
    }
    return new DkimState(active, pending, retiring);
  }

  private static String one(String[] w) {
    if (w.length != 2) {
      throw new IllegalArgumentException("expected: " + w[0] + " SELECTOR");
    }
    return w[1];
  }

  /** The file's text. */
  public String render() {
    List<String> out = new ArrayList<>();
    out.add("# Managed by mailpush (dkim rotate); deploy signs with the active selector.");
    active.ifPresent(a -> out.add("active " + a));
    pending.ifPresent(p -> out.add("pending " + p));
    retiring.ifPresent(r -> out.add("retiring " + r.selector() + " " + r.switched()));
    return String.join("\n", out) + "\n";
  }

  public DkimState withPending(String selector) {
    return new DkimState(active, Optional.of(selector), retiring);
  }

  /** Pending becomes active; the previous signer retires from {@code now}. */
  public DkimState switched(String previous, Instant now) {
    String next = pending.orElseThrow(() -> new IllegalStateException("nothing pending"));
    return new DkimState(
        Optional.of(next), Optional.empty(), Optional.of(new Retiring(previous, now)));
  }

  public DkimState retired() {
    return new DkimState(active, pending, Optional.empty());
  }
}
