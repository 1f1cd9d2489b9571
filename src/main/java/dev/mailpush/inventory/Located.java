package dev.mailpush.inventory;

import org.tomlj.TomlPosition;

/**
 * A validated value and where it was written, so checks made after merging can still point at the
 * line.
 */
record Located<T>(T value, TomlPosition position) {}
