package dev.mailpush.engine;

/**
 * How a run proceeds.
 *
 * @param check plan and report, change nothing
 * @param diff show unified diffs of managed files
 * @param forks how many hosts run at once
 * @param serial hosts per batch, or {@code null} for one batch with every host
 * @param maxFailPercent stop later batches once more than this share of hosts failed; 100 never
 *     stops
 */
public record RunOptions(
    boolean check, boolean diff, int forks, Serial serial, int maxFailPercent) {
  public RunOptions {
    if (forks < 1) {
      throw new IllegalArgumentException("forks (" + forks + ") must be at least 1");
    }
    if (maxFailPercent < 0 || maxFailPercent > 100) {
      throw new IllegalArgumentException(
          "max-fail-percent (" + maxFailPercent + ") must be between 0 and 100");
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(false, false, 50, null, 100);
  }

  /** Batch size as a count or a percentage of the hosts. */
  public record Serial(int value, boolean percent) {
    public Serial {
      if (value < 1 || percent && value > 100) {
        throw new IllegalArgumentException(
            "serial (" + value + (percent ? "%" : "") + ") must be a positive count or 1-100%");
      }
    }

    public static Serial parse(String text) {
      String t = text.strip();
      boolean pct = t.endsWith("%");
      try {
        return new Serial(Integer.parseInt(pct ? t.substring(0, t.length() - 1) : t), pct);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "serial (\"" + text + "\") must be a number of hosts or a percentage like 30%");
      }
    }

    int batchSize(int hosts) {
      return percent ? Math.max(1, hosts * value / 100) : value;
    }
  }
}
