package dev.mailpush.inventory;

import java.nio.file.Path;

/**
 * Turns path settings of the admin machine into absolute paths: {@code ~} is the user's home, and a
 * relative path is relative to the inventory file, so the result does not depend on where mailpush
 * is started.
 */
record PathResolver(Path home, Path baseDir) {
  Path resolve(String raw) {
    if (raw.equals("~")) {
      return home;
    }
    if (raw.startsWith("~/")) {
      return home.resolve(raw.substring(2)).normalize();
    }
    return baseDir.resolve(raw).normalize();
  }
}
