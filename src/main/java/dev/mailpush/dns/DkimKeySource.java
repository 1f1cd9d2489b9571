package dev.mailpush.dns;

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
    /** Per virtual domain: the record file's text, or empty when the host has no key for it. */
    record Records(Map<String, Optional<String>> byDomain) implements HostKeys {
      public Records {
        byDomain = Map.copyOf(byDomain);
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
