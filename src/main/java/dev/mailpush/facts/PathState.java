package dev.mailpush.facts;

/** What is at a path on the host. Distinct states rather than nulls and flags. */
public sealed interface PathState {
  record Missing() implements PathState {}

  record RegularFile(String sha256, String mode, String owner, String group, long size)
      implements PathState {}

  record Directory(String mode, String owner, String group) implements PathState {}

  /** A symlink, socket, device...: something a file task must not silently replace. */
  record Other(String type) implements PathState {}
}
