package dev.mailpush.playbook;

import java.util.List;
import org.tomlj.TomlTable;

/** One {@code [[tasks]]} entry as written. */
record TaskSpec(
    String name,
    String action,
    int line,
    TomlTable table,
    List<FileEntry> files,
    List<String> notifies,
    String when,
    List<String> loop,
    int loopCount) {}
