package dev.mailpush.inventory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How an outside target appears in Postfix's address map. Forwarded copies must pass through the
 * forwarder (which keeps spam home and re-sends the rest from an SRS address), so the map does not
 * name {@code bob@partner.example} itself but {@code bob#partner.example@}{@value #DOMAIN}, a
 * domain that only the forwarder's transport serves. Mail a user sends to bob@partner.example
 * directly still goes out as before. A domain never contains {@code #}, so the last one splits the
 * address back.
 */
final class ForwardAddress {
  /** Reserved (RFC 2606): no mail can come from or go to it outside this host. */
  static final String DOMAIN = "forward.mailpush.invalid";

  private ForwardAddress() {}

  static String encode(String outside) {
    int at = outside.lastIndexOf('@');
    return outside.substring(0, at) + "#" + outside.substring(at + 1) + "@" + DOMAIN;
  }

  /** An address's targets as a virtual(5) result: local users as they are, outside ones encoded. */
  static String postfixTargets(List<String> targets) {
    return targets.stream()
        .map(t -> MailConfig.isOutside(t) ? encode(t) : t)
        .collect(Collectors.joining(", "));
  }
}
