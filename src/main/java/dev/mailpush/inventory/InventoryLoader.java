package dev.mailpush.inventory;

import java.nio.file.Path;

/** Placeholder replaced by the real loader. */
public final class InventoryLoader {
  public Inventory load(Path file) {
    throw new UnsupportedOperationException(file.toString());
  }
}
