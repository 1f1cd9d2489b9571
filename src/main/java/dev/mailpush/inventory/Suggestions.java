package dev.mailpush.inventory;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys and values: the closest candidate, if it is close enough to be a
 * typo.
 */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> closest(String input, Collection<String> candidates) {
    // Allow about one typo per four characters, so "sssh" finds "ssh" but "port" does not find
    // "user".
    return candidates.stream()
        .filter(c -> distance(input, c) <= Math.min(3, Math.max(1, c.length() / 4)))
        .min(Comparator.comparingInt(c -> distance(input, c)));
  }

  /**
   * Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive.
   */
  static int distance(String a, String b) {
    String s = a.toLowerCase(Locale.ROOT);
    String t = b.toLowerCase(Locale.ROOT);
    int[][] d = new int[s.length() + 1][t.length() + 1];
    for (int i = 0; i <= s.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= t.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= s.length(); i++) {
      for (int j = 1; j <= t.length(); j++) {
        int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && s.charAt(i - 1) == t.charAt(j - 2)
            && s.charAt(i - 2) == t.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[s.length()][t.length()];
  }
}
