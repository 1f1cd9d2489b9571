package dev.mailpush.playbook;

import java.util.HashMap;
import java.util.Map;

/**
 * The template files of one playbook as one host's compile reads them: each file is read once,
 * however many tasks, loop items and variants render it.
 */
final class TemplateFiles {
  private final PlaybookSource source;
  private final Map<String, String> texts = new HashMap<>();

  TemplateFiles(PlaybookSource source) {
    this.source = source;
  }

  /**
   * The template {@code name} (relative to the playbook's directory) rendered in {@code scope}.
   *
   * @param where the task that names the template, where a missing file is reported
   */
  String render(String name, Map<String, Object> scope, String where) {
    String text =
        texts.computeIfAbsent(
            name,
            n ->
                source
                    .read(n)
                    .orElseThrow(
                        () ->
                            new PlaybookException(
                                where,
                                "template " + source.describe(n) + " not found",
                                "template paths are relative to the playbook's directory")));
    return Templates.render(source.describe(name), text, scope);
  }
}
