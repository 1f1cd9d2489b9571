package dev.mailpush.engine;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Unified diffs of managed files for {@code --diff}. Secret files show that they change, never
 * their bytes.
 */
final class Differ {
  private Differ() {}

  static String diff(String path, byte[] before, Plan.ManagedFile after) {
    if (after.secret()) {
      return "--- " + path + "\n+++ " + path + "\n(secret content changed; not shown)\n";
    }
    if (!isText(after.content()) || before != null && !isText(before)) {
      return "--- " + path + "\n+++ " + path + "\n(binary content changed)\n";
    }
    List<String> old = before == null ? List.of() : lines(before);
    List<String> now = lines(after.content());
    List<String> unified =
        UnifiedDiffUtils.generateUnifiedDiff(
            before == null ? "/dev/null" : path, path, old, DiffUtils.diff(old, now), 3);
    return String.join("\n", unified) + "\n";
  }

  private static List<String> lines(byte[] content) {
    return new String(content, StandardCharsets.UTF_8).lines().toList();
  }

  private static boolean isText(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }
}
