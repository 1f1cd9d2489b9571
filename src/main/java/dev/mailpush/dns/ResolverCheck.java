package dev.mailpush.dns;

import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;

/**
 * {@code dns-resolver}: whether the host's own mail is sent with DANE. Postfix checks a peer's TLSA
 * only when its resolver validates DNSSEC; with the system's resolver mailpush cannot know that it
 * does (most do not, or their verdict is stripped), and {@code dane} then acts as {@code may}.
 */
final class ResolverCheck {
  static final String CHECK = "dns-resolver";

  private ResolverCheck() {}

  static Check check(HostConfig host) {
    if (host.resolver().unbound()) {
      return new Check(
          Subject.host(host.name()),
          CHECK,
          Status.OK,
          "unbound on the host",
          null,
          null,
          "the host validates DNSSEC itself: outbound mail is DANE-checked where the peer"
              + " publishes TLSA");
    }
    return new Check(
        Subject.host(host.name()),
        CHECK,
        Status.INFO,
        "the system's resolver",
        "a validating resolver",
        "set mode = \"unbound\" in [resolver] (or [hosts." + host.name() + ".resolver])",
        "outbound DANE is only as good as the host's resolv.conf: unless that resolver validates"
            + " DNSSEC and passes the verdict on, a forged or wrong TLSA goes unnoticed");
  }
}
