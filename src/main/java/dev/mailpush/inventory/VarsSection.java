package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code [vars]} and {@code [hosts.X.vars]}: free-form values for user playbooks and templates. */
final class VarsSection {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private VarsSection() {}

  static Settings.Entries read(TableReader t) {
    Map<String, Located<String>> vars = new LinkedHashMap<>();
    for (String key : t.keys()) {
      if (!NAME.matcher(key).matches()) {
        t.problems()
            .add(
                t.positionOf(key),
                "invalid variable name \"" + Printable.inline(key) + "\" " + t.where(),
                "variable names start with a letter or _, then letters, digits, _ or -");
        continue;
      }
      t.scalar(key).ifPresent(v -> vars.put(key, v));
    }
    return new Settings.Entries(vars);
  }
}
