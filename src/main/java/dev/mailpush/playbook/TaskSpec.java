package dev.mailpush.playbook;

import java.util.List;
import org.tomlj.TomlTable;

/** One {@code [[tasks]]} entry as written. */
record TaskSpec(
    String name,
    String action,
    String where,
    TomlTable table,
    List<FileEntry> files,
    List<String> notifies,
    String when,
    String whenVersion,
    String loopOver,
    List<String> loop,
    int loopCount) {}
