package dev.mailpush.playbook;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import dev.mailpush.ssh.ShellQuote;
import java.util.List;
import java.util.Map;

/**
 * Renders Mustache templates (logic-less: values, sections over lists and booleans) against a
 * host's inventory model. A reference to a value the inventory does not have is an error, never an
 * empty string.
 */
final class Templates {
  private static final Mustache.Compiler COMPILER =
      Mustache.compiler().escapeHTML(false).strictSections(true);

  /** Shell code: every {@code {{value}}} becomes one shell word, quoted when it is not plain. */
  private static final Mustache.Compiler SHELL = COMPILER.withEscaper(ShellQuote::quote);

  /**
   * Tags that paste a value unescaped ({@code {{{x}}}}, {@code {{&x}}}) or change the delimiters.
   */
  private static final List<String> RAW_TAGS = List.of("{{{", "{{&", "{{=");

  private static final String HINT =
      "templates may use host.*, mail.*, tls.*, vars.* and item (in loops); see inventory.example.toml";

  private Templates() {}

  static String render(String where, String template, Map<String, Object> model) {
    return render(COMPILER, where, template, model);
  }

  /**
   * Renders shell code (a command's {@code unless}, the script of {@code sh -c}): each value is
   * inserted as one quoted word, so no inventory value can add a command, whatever characters it
   * holds.
   */
  static String renderShell(String where, String what, String template, Map<String, Object> model) {
    for (String raw : RAW_TAGS) {
      if (template.contains(raw)) {
        throw new PlaybookException(
            where,
            what
                + " uses "
                + raw
                + "...}}, which would paste a value into shell code"
                + " unquoted",
            "write {{name}} (inserted as one quoted shell word), or pass the value as an argument:"
                + " command = [\"sh\", \"-c\", \"... \\\"$1\\\" ...\", \"sh\", \"{{name}}\"]");
      }
    }
    return render(SHELL, where, template, model);
  }

  private static String render(
      Mustache.Compiler compiler, String where, String template, Map<String, Object> model) {
    try {
      return compiler.compile(template).execute(model);
    } catch (MustacheException e) {
      throw new PlaybookException(where, e.getMessage(), HINT);
    }
  }
}
