package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.HostSession;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One change a plan makes on a host. Values, so plans can be compared in tests and printed in check
 * mode.
 */
public sealed interface Step {

  /** What the report shows for this step; never contains a secret. */
  String describe();

  /**
   * Exhaustive dispatch, one function per kind of step in declaration order (why this form: {@link
   * Plan#match}).
   */
  <R> R match(
      Function<RunCommand, R> run,
      Function<WriteFile, R> write,
      Function<ValidatedWrite, R> validatedWrite,
      Function<Custom, R> custom);

  /**
   * Runs a command; {@code description} is what is shown instead of the argv (whose stdin may hold
   * a secret).
   */
  record RunCommand(String description, ExecRequest request) implements Step {
    public RunCommand {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(request, "request");
    }

    @Override
    public <R> R match(
        Function<RunCommand, R> run,
        Function<WriteFile, R> write,
        Function<ValidatedWrite, R> validatedWrite,
        Function<Custom, R> custom) {
      return run.apply(this);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * Writes a file atomically, keeping the previous version as {@code PATH.mailpush-prev} when
   * asked.
   *
   * @param owner user name or {@code null} for root
   * @param group group name or {@code null} for the owner's group
   */
  record WriteFile(
      String path, byte[] content, String mode, String owner, String group, boolean keepPrevious)
      implements Step {
    public WriteFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public <R> R match(
        Function<RunCommand, R> run,
        Function<WriteFile, R> write,
        Function<ValidatedWrite, R> validatedWrite,
        Function<Custom, R> custom) {
      return write.apply(this);
    }

    @Override
    public String describe() {
      return "write " + path + " (" + mode + ")";
    }
  }

  /**
   * Writes a set of files, then runs a validator on the result; when the validator fails every file
   * is put back as it was (previous content, or removed when new) and the step fails with the
   * validator's words.
   */
  record ValidatedWrite(List<WriteFile> files, List<String> validator) implements Step {
    public ValidatedWrite {
      files = List.copyOf(files);
      validator = List.copyOf(validator);
      if (files.isEmpty() || validator.isEmpty()) {
        throw new IllegalArgumentException("a validated write needs files and a validator");
      }
    }

    @Override
    public <R> R match(
        Function<RunCommand, R> run,
        Function<WriteFile, R> write,
        Function<ValidatedWrite, R> validatedWrite,
        Function<Custom, R> custom) {
      return validatedWrite.apply(this);
    }

    @Override
    public String describe() {
      return "write "
          + String.join(", ", files.stream().map(WriteFile::path).toList())
          + " and validate with "
          + String.join(" ", validator);
    }
  }

  /**
   * Work that needs the host's session for more than one command (an ACME exchange). Applied like
   * any step; in check mode only {@code description} is shown. The action reports failure by
   * throwing a {@link dev.mailpush.MailpushException} (or an SSH exception).
   */
  record Custom(String description, Action action) implements Step {
    /** What the step does on the host. */
    @FunctionalInterface
    public interface Action {
      void apply(HostSession session);
    }

    /**
     * An action with something the admin must read about how it went (a warning), added to its line
     * in the report.
     */
    @FunctionalInterface
    public interface Reporting extends Action {
      /** Applies the step; returns the note, empty when there is none. */
      String applyAndReport(HostSession session);

      @Override
      default void apply(HostSession session) {
        applyAndReport(session);
      }
    }

    public Custom {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(action, "action");
    }

    @Override
    public <R> R match(
        Function<RunCommand, R> run,
        Function<WriteFile, R> write,
        Function<ValidatedWrite, R> validatedWrite,
        Function<Custom, R> custom) {
      return custom.apply(this);
    }

    @Override
    public String describe() {
      return description;
    }
  }
}
