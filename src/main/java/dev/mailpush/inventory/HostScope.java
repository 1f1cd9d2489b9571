package dev.mailpush.inventory;

import org.tomlj.TomlPosition;

/**
 * Reports problems found while resolving one host's merged settings, tagged with the host's name.
 */
record HostScope(String host, Problems problems) implements ProblemSink {
  @Override
  public void add(TomlPosition at, String message, String hint) {
    problems.addForHost(host, at, message, hint);
  }
}
