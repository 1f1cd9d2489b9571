package dev.mailpush.playbook;

import java.util.Map;

/** Looks up a dotted name ({@code mail.enable_antispam}) in a host's inventory model. */
final class Model {
  private Model() {}

  static Object lookup(Map<String, Object> model, String dotted, String where) {
    Object value = model;
    for (String part : dotted.strip().split("\\.")) {
      if (!(value instanceof Map<?, ?> map) || !map.containsKey(part)) {
        throw new PlaybookException(
            where,
            "\"" + dotted + "\" names no inventory value",
            "use a name such as mail.enable_antispam or mail.virtual_domains (see inventory.example.toml)");
      }
      value = map.get(part);
    }
    return value;
  }
}
