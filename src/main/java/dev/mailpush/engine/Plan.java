package dev.mailpush.engine;

import java.util.List;
import java.util.Objects;

/** What a task would do to a host. An empty plan always says why nothing is needed. */
public sealed interface Plan {

  record NoChange(String reason) implements Plan {
    public NoChange {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Nothing to change, but something the admin must see (a DNS record to publish, say). */
  record Report(String title, String text) implements Plan {
    public Report {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The task does not apply to this host (a version condition, a file not there yet in check mode). */
  record Skip(String reason) implements Plan {
    public Skip {
      Objects.requireNonNull(reason, "reason");
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
        throw new IllegalArgumentException("a plan with changes needs at least one step; use NoChange");
      }
    }

    public static Changes of(Step... steps) {
      return new Changes(List.of(steps), List.of());
    }
  }

  /** A file's desired content; {@code secret} content is never shown in a diff. */
  record ManagedFile(String path, byte[] content, boolean secret) {}
}
