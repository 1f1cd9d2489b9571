package dev.mailpush.playbook;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.util.Map;

/**
 * Renders Mustache templates (logic-less: values, sections over lists and booleans) against a host's
 * inventory model. A reference to a value the inventory does not have is an error, never an empty string.
 */
final class Templates {
  private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true);

  private Templates() {}

  static String render(String where, String template, Map<String, Object> model) {
    try {
      return COMPILER.compile(template).execute(model);
    } catch (MustacheException e) {
      throw new PlaybookException(where, e.getMessage(),
          "templates may use host.*, mail.*, tls.*, vars.* and item (in loops); see inventory.example.toml");
    }
  }
}
