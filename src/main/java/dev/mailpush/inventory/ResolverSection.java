package dev.mailpush.inventory;

import static dev.mailpush.inventory.Checked.bad;
import static dev.mailpush.inventory.Checked.ok;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code [resolver]} and {@code [hosts.X.resolver]}: {@code mode = "unbound"} gives the host a
 * validating resolver of its own, without which Postfix's {@code dane} never sees a validated
 * record and acts as {@code may}, and public resolvers' answers make DNS blocklists refuse
 * SpamAssassin.
 */
final class ResolverSection {
  static final List<String> KEYS = List.of("mode", "forward_to", "trust_anchors");

  /** IPv4 or IPv6 literal, optionally {@code @PORT} (unbound's forward-addr syntax). */
  private static final Pattern FORWARD = Pattern.compile("([0-9A-Fa-f:.]+)(@(\\d{1,5}))?");

  /** {@code OWNER [TTL] [IN] DS|DNSKEY DATA}: one record in presentation format, on one line. */
  private static final Pattern ANCHOR =
      Pattern.compile(
          "([A-Za-z0-9_.-]+\\.?|\\.)\\s+(\\d+\\s+)?(IN\\s+)?(DS|DNSKEY)\\s+[0-9A-Za-z+/= ]+",
          Pattern.CASE_INSENSITIVE);

  private ResolverSection() {}

  static Settings read(TableReader t) {
    t.rejectUnknown(KEYS, key -> null);
    Settings s = new Settings();
    s.put("mode", t.string("mode", v -> Syntax.oneOf(v, List.of("system", "unbound"))));
    list(t, s, "forward_to", ResolverSection::forward);
    list(t, s, "trust_anchors", ResolverSection::anchor);
    return s;
  }

  private static void list(
      TableReader t, Settings s, String key, java.util.function.Function<String, Checked> rule) {
    t.strings(key, rule)
        .ifPresent(
            l -> s.put(key, Optional.of(new Located<>(new Settings.Items(l), t.positionOf(key)))));
  }

  static ResolverConfig resolve(Settings s, HostScope scope) {
    boolean unbound = s.value("mode", String.class, "system").equals("unbound");
    List<String> forwards = items(s, "forward_to");
    List<String> anchors = items(s, "trust_anchors");
    if (!unbound) {
      for (String key : List.of("forward_to", "trust_anchors")) {
        s.get(key, Settings.Items.class)
            .filter(l -> !l.value().list().isEmpty())
            .ifPresent(
                l ->
                    scope.add(
                        l.position(),
                        key + " is only used by the host's own resolver",
                        "set mode = \"unbound\" in [resolver], or remove " + key));
      }
      return ResolverConfig.SYSTEM;
    }
    return new ResolverConfig(true, forwards, anchors);
  }

  private static List<String> items(Settings s, String key) {
    return s.get(key, Settings.Items.class).map(l -> l.value().values()).orElse(List.of());
  }

  private static Checked forward(String v) {
    var m = FORWARD.matcher(v);
    String hint =
        "write an IP address, optionally with a port: \"192.0.2.53\" or \"192.0.2.53@5353\"";
    if (!m.matches()) {
      return bad("\"" + v + "\" is not a resolver address", hint);
    }
    Checked ip = HostAddresses.ipLiteral(m.group(1));
    if (!ip.isOk()) {
      return bad("\"" + v + "\" is not a resolver address: " + ip.problem(), hint);
    }
    if (m.group(3) != null) {
      int port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        return bad("\"" + v + "\": port " + port + " is out of range", hint);
      }
    }
    return ok(v.toLowerCase(java.util.Locale.ROOT));
  }

  private static Checked anchor(String v) {
    String one = v.strip().replaceAll("\\s+", " ");
    if (!ANCHOR.matcher(one).matches()) {
      return bad(
          "\"" + v + "\" is not a DS or DNSKEY record",
          "write one record as the zone's signer prints it, e.g. \"example.test. IN DS 12345 13 2"
              + " 3A4B...\" (keymgr example.test ds) or its DNSKEY line");
    }
    return ok(one);
  }
}
