package dev.mailpush.engine;

import java.util.List;
import java.util.function.Function;

/**
 * How a task ended on one host; {@link #match} dispatches over it, so a new case breaks the build.
 */
public sealed interface TaskOutcome {

  /**
   * Exhaustive dispatch, one function per outcome in declaration order; each record calls its own,
   * so there is no cast and a new outcome, given a function of its own, changes this signature and
   * breaks every caller (why this form: {@link Plan#match}).
   */
  <R> R match(
      Function<Ok, R> ok,
      Function<Changed, R> changed,
      Function<Failed, R> failed,
      Function<Skipped, R> skipped);

  /**
   * @param report text the admin must see (e.g. a DNS record to publish); empty for a plain no-op
   */
  record Ok(String reason, String report) implements TaskOutcome {
    public Ok(String reason) {
      this(reason, "");
    }

    @Override
    public <R> R match(
        Function<Ok, R> ok,
        Function<Changed, R> changed,
        Function<Failed, R> failed,
        Function<Skipped, R> skipped) {
      return ok.apply(this);
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

    @Override
    public <R> R match(
        Function<Ok, R> ok,
        Function<Changed, R> changed,
        Function<Failed, R> failed,
        Function<Skipped, R> skipped) {
      return changed.apply(this);
    }
  }

  record Failed(String message, String hint) implements TaskOutcome {
    @Override
    public <R> R match(
        Function<Ok, R> ok,
        Function<Changed, R> changed,
        Function<Failed, R> failed,
        Function<Skipped, R> skipped) {
      return failed.apply(this);
    }
  }

  record Skipped(String reason) implements TaskOutcome {
    @Override
    public <R> R match(
        Function<Ok, R> ok,
        Function<Changed, R> changed,
        Function<Failed, R> failed,
        Function<Skipped, R> skipped) {
      return skipped.apply(this);
    }
  }
}
