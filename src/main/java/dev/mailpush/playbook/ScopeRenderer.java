package dev.mailpush.playbook;

import dev.mailpush.tasks.FileSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlTable;

/**
 * Renders one task's parameters in one scope (the host's model, the loop item and the task's
 * variables): plain strings, shell code, a command's argv and files. A string with no Mustache tag
 * is taken as written.
 */
final class ScopeRenderer {
  /** Shells whose {@code -c} argument is a script rather than a plain argument. */
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash");

  private final String where;
  private final Map<String, Object> scope;
  private final TemplateFiles templates;

  /**
   * @param where the task's file:line, where rendering errors are reported
   */
  ScopeRenderer(String where, Map<String, Object> scope, TemplateFiles templates) {
    this.where = where;
    this.scope = scope;
    this.templates = templates;
  }

  /** The same scope with one more top-level value, as a task's own computed variable. */
  ScopeRenderer with(String key, Object value) {
    Map<String, Object> more = new java.util.LinkedHashMap<>(scope);
    more.put(key, value);
    return new ScopeRenderer(where, more, templates);
  }

  String str(String template) {
    return template.contains("{{") ? Templates.render(where, template, scope) : template;
  }

  /** Shell code: values are inserted as quoted words (see {@link Templates#renderShell}). */
  String shell(String template, String what) {
    return template.contains("{{") ? Templates.renderShell(where, what, template, scope) : template;
  }

  /** An optional string key, rendered; null when absent. */
  String opt(TomlTable t, String key) {
    String v = t.getString(key);
    return v == null ? null : str(v);
  }

  /** An array of strings, each rendered; empty when absent. */
  List<String> strings(TomlTable t, String key) {
    List<String> out = new ArrayList<>();
    var arr = t.getArray(key);
    if (arr == null) {
      return out;
    }
    for (int i = 0; i < arr.size(); i++) {
      out.add(str(String.valueOf(arr.get(i))));
    }
    return out;
  }

  /**
   * A command's argv. Each element is one argument (the transport quotes it), except the script of
   * {@code sh -c SCRIPT ...}, which a shell parses: values in it are rendered as quoted words.
   */
  List<String> command(TomlTable t) {
    List<String> raw = new ArrayList<>();
    var arr = t.getArray("command");
    for (int i = 0; arr != null && i < arr.size(); i++) {
      raw.add(String.valueOf(arr.get(i)));
    }
    boolean script =
        raw.size() > 2
            && SHELLS.contains(raw.get(0).substring(raw.get(0).lastIndexOf('/') + 1))
            && raw.get(1).matches("-[A-Za-z]*c[A-Za-z]*");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      out.add(script && i == 2 ? shell(raw.get(i), "the script of command") : str(raw.get(i)));
    }
    return out;
  }

  /** A file entry with its path, owner and group rendered and its template or content filled. */
  FileSpec file(FileEntry f) {
    String content =
        f.template() != null ? templates.render(str(f.template()), scope, where) : str(f.content());
    return new FileSpec(
        str(f.path()),
        content.getBytes(StandardCharsets.UTF_8),
        f.mode(),
        f.owner() == null ? null : str(f.owner()),
        f.group() == null ? null : str(f.group()),
        f.secret());
  }
}
