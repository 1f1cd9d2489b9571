package dev.mailpush.playbook;

/** A file of a {@code file} or {@code files} task. */
record FileEntry(
    String path,
    String template,
    String content,
    String mode,
    String owner,
    String group,
    boolean secret) {}
