package dev.mailpush.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code [resolver]} settings of one host: which DNS resolver Postfix and SpamAssassin ask.
 *
 * @param unbound whether the host runs its own validating resolver (unbound on 127.0.0.1); false
 *     leaves resolv.conf as the host has it ({@code mode = "system"})
 * @param forwardTo resolvers unbound sends its queries to ({@code IP} or {@code IP@PORT}); empty
 *     for full recursion from the root servers
 * @param trustAnchors DS or DNSKEY records unbound validates from instead of the root's key (a
 *     private signed zone); empty for the root's key, which unbound keeps current (RFC 5011)
 */
public record ResolverConfig(boolean unbound, List<String> forwardTo, List<String> trustAnchors) {
  /** A host without {@code [resolver]}: its own resolv.conf, as before mailpush had the section. */
  public static final ResolverConfig SYSTEM = new ResolverConfig(false, List.of(), List.of());

  /**
   * Names unbound answers itself with NXDOMAIN (RFC 6761, 6762, 7686, 8375: its default local
   * zones) that a private signed zone of {@code trust_anchors} may live under.
   */
  private static final List<String> RESERVED_ZONES =
      List.of("test.", "home.arpa.", "invalid.", "onion.", "local.");

  public ResolverConfig {
    forwardTo = List.copyOf(forwardTo);
    trustAnchors = List.copyOf(trustAnchors);
  }

  /**
   * The reserved zones an anchored zone lies in: unbound must ask for them (local-zone nodefault)
   * instead of answering NXDOMAIN itself.
   */
  List<String> reservedZonesInUse() {
    return RESERVED_ZONES.stream()
        .filter(
            zone ->
                trustAnchors.stream()
                    .map(a -> a.split(" ", 2)[0].toLowerCase(java.util.Locale.ROOT))
                    .map(owner -> owner.endsWith(".") ? owner : owner + ".")
                    .anyMatch(owner -> owner.equals(zone) || owner.endsWith("." + zone)))
        .toList();
  }

  /** Template view ({@code resolver.*}). */
  Map<String, Object> model() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("unbound", unbound);
    m.put("forward_to", forwardTo);
    m.put("forwards", !forwardTo.isEmpty());
    m.put("trust_anchors", trustAnchors);
    m.put("root_anchor", trustAnchors.isEmpty());
    m.put("reserved_zones", reservedZonesInUse());
    return m;
  }
}
