package dev.mailpush.inventory;

import dev.mailpush.MailpushException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The inventory is invalid; carries every problem found, sorted by position, so one run shows them
 * all.
 */
public class InventoryException extends MailpushException {
  private final List<Problem> problems;

  public InventoryException(List<Problem> problems) {
    // Each problem carries its own hint, so the exception-level hint stays empty.
    super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")), "");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
