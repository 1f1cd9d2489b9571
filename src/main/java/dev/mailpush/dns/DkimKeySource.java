package dev.mailpush.dns;

import dev.mailpush.dkim.DomainKeys;
import dev.mailpush.inventory.HostConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Where the report gets each host's DKIM records (the {@code SELECTOR.txt} files opendkim-genkey
 * wrote).
 */
@FunctionalInterface
public interface DkimKeySource {

  HostKeys fetch(HostConfig host);

  /** What a host said about its DKIM keys. */
  sealed interface HostKeys {
    /**
     * Per virtual domain: its keys on the host (the signing one, and those a rotation keeps
     * published), each with its record file's text, empty when the host has no key.
     */
    record Records(Map<String, DomainKeys> byDomain) implements HostKeys {
      public Records {
        byDomain = Map.copyOf(byDomain);
      }

      /** A host with one key per domain, under {@code selector} (no rotation state). */
      public static Records of(String selector, Map<String, Optional<String>> recordByDomain) {
        Map<String, DomainKeys> m = new java.util.LinkedHashMap<>();
        recordByDomain.forEach((d, r) -> m.put(d, DomainKeys.only(selector, r)));
        return new Records(m);
      }

      /** The keys of {@code domain}, matched case-insensitively. */
      public Optional<DomainKeys> of(String domain) {
        return byDomain.entrySet().stream()
            .filter(e -> Names.same(e.getKey(), domain))
            .map(Map.Entry::getValue)
            .findFirst();
      }
    }

    record Unreachable(String reason) implements HostKeys {}

    /** The host was not asked (--no-ssh). */
    record NotAsked() implements HostKeys {}
  }

  /** The path of a domain's DKIM record file on a host. */
  static String recordPath(String domain, String selector) {
    return "/etc/opendkim/keys/" + domain + "/" + selector + ".txt";
  }
}
