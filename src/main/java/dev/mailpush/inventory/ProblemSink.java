package dev.mailpush.inventory;

import org.tomlj.TomlPosition;

/** Where a section reports a problem it found at a position of the inventory. */
interface ProblemSink {
  void add(TomlPosition at, String message, String hint);
}
