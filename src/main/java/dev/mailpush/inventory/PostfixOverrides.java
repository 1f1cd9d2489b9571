package dev.mailpush.inventory;

import dev.mailpush.Printable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code [mail.postfix_overrides]}: extra main.cf parameters (a relayhost where port 25 is blocked,
 * say). One line each: a parameter name and a printable value, so no override can add a second
 * line.
 */
final class PostfixOverrides {
  private PostfixOverrides() {}

  static Located<Settings.Entries> read(TableReader t) {
    Map<String, Located<String>> map = new LinkedHashMap<>();
    for (String key : t.keys()) {
      if (!key.matches("[a-z][a-z0-9_]{0,63}")) {
        t.problems()
            .add(
                t.positionOf(key),
                "\"" + Printable.inline(key) + "\" is not a Postfix parameter name " + t.where(),
                "parameter names are lowercase letters, digits and _, e.g. relayhost");
        continue;
      }
      // Not the shell-safe text rule: a main.cf value may hold Postfix's own $name macros.
      t.configString(key, TextRules::postfixValue).ifPresent(v -> map.put(key, v));
    }
    return new Located<>(new Settings.Entries(map), t.position());
  }

  static Map<String, String> resolve(Settings.Entries overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    overrides.map().forEach((k, v) -> out.put(k, v.value()));
    return out;
  }
}
