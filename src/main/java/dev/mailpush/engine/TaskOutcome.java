package dev.mailpush.engine;

import java.util.List;

/** How a task ended on one host. Switches over it have no default, so a new case breaks the build. */
public sealed interface TaskOutcome {

  /** Exhaustive dispatch (Java 17 has no pattern switch): a new case changes this signature, so callers break. */
  default <R> R match(
      java.util.function.Function<Ok, R> ok,
      java.util.function.Function<Changed, R> changed,
      java.util.function.Function<Failed, R> failed,
      java.util.function.Function<Skipped, R> skipped) {
    if (this instanceof Ok o) {
      return ok.apply(o);
    } else if (this instanceof Changed c) {
      return changed.apply(c);
    } else if (this instanceof Failed f) {
      return failed.apply(f);
    }
    return skipped.apply((Skipped) this);
  }

  /**
   * @param report text the admin must see (e.g. a DNS record to publish); empty for a plain no-op
   */
  record Ok(String reason, String report) implements TaskOutcome {
    public Ok(String reason) {
      this(reason, "");
    }
  }

  /**
   * @param actions what was (or, in check mode, would be) done
   * @param diffs unified diffs of managed files, when asked for; secrets redacted
   */
  record Changed(List<String> actions, List<String> diffs) implements TaskOutcome {
    public Changed {
      actions = List.copyOf(actions);
      diffs = List.copyOf(diffs);
    }
  }

  record Failed(String message, String hint) implements TaskOutcome {}

  record Skipped(String reason) implements TaskOutcome {}
}
