package dev.mailpush.engine;

import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.HostSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --diff} of a plan's managed files: what they hold now, read in one exec, against what
 * the plan writes. Secret files are never read; their diff only says that they change.
 */
final class FileDiffs {
  private FileDiffs() {}

  static List<String> of(HostSession session, List<Plan.ManagedFile> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    List<Plan.ManagedFile> readable = files.stream().filter(f -> !f.secret()).toList();
    Map<String, byte[]> before = new HashMap<>();
    if (!readable.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", RemoteScripts.READ_FILES, "sh"));
      readable.forEach(f -> argv.add(f.path()));
      byte[] out = session.exec(ExecRequest.root(argv)).stdout();
      before = FileDump.parse(out, readable.stream().map(Plan.ManagedFile::path).toList());
    }
    List<String> diffs = new ArrayList<>();
    for (Plan.ManagedFile f : files) {
      diffs.add(Differ.diff(f.path(), before.get(f.path()), f));
    }
    return diffs;
  }
}
