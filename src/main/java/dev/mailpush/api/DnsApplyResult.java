package dev.mailpush.api;

import dev.mailpush.dns.ZoneChange;
import dev.mailpush.report.Check;
import java.util.List;

/**
 * What {@code dns apply} found and did.
 *
 * @param checks one per record set (up to date, new, corrected, or a conflict left alone), and one
 *     per zone update sent
 * @param changes each zone's update: sent, or only shown with {@code --check}
 * @param ttl the TTL of the records written
 * @param sent whether the updates were sent
 */
public record DnsApplyResult(List<Check> checks, List<ZoneChange> changes, int ttl, boolean sent) {
  public DnsApplyResult {
    checks = List.copyOf(checks);
    changes = List.copyOf(changes);
  }
}
