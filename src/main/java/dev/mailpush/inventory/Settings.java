package dev.mailpush.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated keys of one table ({@code [mail]} or {@code [hosts.X.mail]}). A host's settings are
 * the defaults overridden key by key by the host's own table; map-valued keys merge entry by entry.
 */
final class Settings {
  private final Map<String, Located<?>> values = new LinkedHashMap<>();

  /**
   * Map-valued settings (virtual_addresses, users, vars): a host adds entries and overrides
   * same-named ones.
   */
  record Entries(Map<String, Located<String>> map) {
    static final Entries EMPTY = new Entries(Map.of());

    Entries {
      map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    Entries overriddenBy(Entries host) {
      Map<String, Located<String>> merged = new LinkedHashMap<>(map);
      merged.putAll(host.map());
      return new Entries(merged);
    }
  }

  /** List-valued settings; a host's list replaces the default list as a whole. */
  record Items(List<Located<String>> list) {
    Items {
      list = List.copyOf(list);
    }

    List<String> values() {
      return list.stream().map(Located::value).toList();
    }
  }

  void put(String key, Optional<? extends Located<?>> value) {
    value.ifPresent(v -> values.put(key, v));
  }

  <T> Optional<Located<T>> get(String key, Class<T> type) {
    Located<?> v = values.get(key);
    return v == null
        ? Optional.empty()
        : Optional.of(new Located<>(type.cast(v.value()), v.position()));
  }

  <T> T value(String key, Class<T> type, T fallback) {
    return get(key, type).map(Located::value).orElse(fallback);
  }

  Settings overriddenBy(Settings host) {
    Settings merged = new Settings();
    merged.values.putAll(values);
    host.values.forEach(
        (key, value) -> {
          Located<?> base = merged.values.get(key);
          if (base != null
              && base.value() instanceof Entries defaults
              && value.value() instanceof Entries own) {
            merged.values.put(key, new Located<>(defaults.overriddenBy(own), value.position()));
          } else {
            merged.values.put(key, value);
          }
        });
    return merged;
  }
}
