package dev.mailpush.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What a task would do to a host. An empty plan always says why nothing is needed. */
public sealed interface Plan {

  /**
   * Exhaustive dispatch: one function per kind of plan, in declaration order; each record calls its
   * own.
   *
   * <p>Why this form and not a {@code switch}: the build targets Java 17 ({@code release 17},
   * {@code -Xlint:all} with {@code failOnWarning}, no preview features), where a {@code switch}
   * over type patterns is a preview. An enum {@code kind()} would give an exhaustive {@code
   * switch}, but each branch would still cast; an {@code instanceof} chain ends in an {@code else}
   * that compiles whatever is added. Here a new kind is a new record that must implement this
   * abstract method; giving it a function of its own adds a parameter, and then every caller fails
   * to compile until it handles the new case. (A visitor interface would do the same with named
   * methods; this form is the one {@link TaskOutcome#match} already had.) {@code
   * SealedDispatchTest} checks that each record calls its own function and that every permitted
   * record has a case.
   */
  <R> R match(
      Function<NoChange, R> noChange,
      Function<Report, R> report,
      Function<Skip, R> skip,
      Function<Changes, R> changes);

  record NoChange(String reason) implements Plan {
    public NoChange {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public <R> R match(
        Function<NoChange, R> noChange,
        Function<Report, R> report,
        Function<Skip, R> skip,
        Function<Changes, R> changes) {
      return noChange.apply(this);
    }
  }

  /** Nothing to change, but something the admin must see (a DNS record to publish, say). */
  record Report(String title, String text) implements Plan {
    public Report {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(text, "text");
    }

    @Override
    public <R> R match(
        Function<NoChange, R> noChange,
        Function<Report, R> report,
        Function<Skip, R> skip,
        Function<Changes, R> changes) {
      return report.apply(this);
    }
  }

  /**
   * The task does not apply to this host (a version condition, a file not there yet in check mode).
   */
  record Skip(String reason) implements Plan {
    public Skip {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public <R> R match(
        Function<NoChange, R> noChange,
        Function<Report, R> report,
        Function<Skip, R> skip,
        Function<Changes, R> changes) {
      return skip.apply(this);
    }
  }

  /**
   * @param files managed files whose new content the plan writes, for {@code --diff}
   */
  record Changes(List<Step> steps, List<ManagedFile> files) implements Plan {
    public Changes {
      steps = List.copyOf(steps);
      files = List.copyOf(files);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(
            "a plan with changes needs at least one step; use NoChange");
      }
    }

    @Override
    public <R> R match(
        Function<NoChange, R> noChange,
        Function<Report, R> report,
        Function<Skip, R> skip,
        Function<Changes, R> changes) {
      return changes.apply(this);
    }

    public static Changes of(Step... steps) {
      return new Changes(List.of(steps), List.of());
    }
  }

  /** A file's desired content; {@code secret} content is never shown in a diff. */
  record ManagedFile(String path, byte[] content, boolean secret) {}
}
