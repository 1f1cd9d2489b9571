package dev.mailpush.engine;

import java.util.Objects;

/**
 * A host as the engine sees it: the name its reports carry. How to reach it is the {@link
 * SessionOpener}'s business, bound by the caller (the CLI opens SSH from the inventory's host), so
 * the engine does not depend on the inventory.
 */
public record Target(String name) {
  public Target {
    Objects.requireNonNull(name, "name");
  }
}
