package dev.mailpush.api;

import dev.mailpush.dns.DkimKeySource;
import dev.mailpush.dns.DnsApplyPlanner;
import dev.mailpush.dns.DnsStoreException;
import dev.mailpush.dns.DnsjavaLookup;
import dev.mailpush.dns.RecordStore;
import dev.mailpush.dns.Rfc2136Store;
import dev.mailpush.dns.TlsKeySource;
import dev.mailpush.dns.WantedRecord;
import dev.mailpush.dns.WantedRecords;
import dev.mailpush.dns.ZoneChange;
import dev.mailpush.inventory.DnsConfig;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dns apply}: the DKIM keys and TLS key hashes read from the hosts, the records every domain
 * and host needs, compared with the zone on the {@code [dns]} server, and one signed update per
 * zone that needs any (none with {@code check}).
 */
final class DnsPublishing {
  private final RunContext context;

  DnsPublishing(RunContext context) {
    this.context = context;
  }

  DnsApplyResult run(List<HostConfig> hosts, DnsConfig dns, boolean check, boolean force) {
    List<Check> checks = new ArrayList<>();
    DnsReporting reading = new DnsReporting(context);
    Map<String, DkimKeySource.HostKeys> keys = reading.keys(hosts, DnsSettings.defaults());
    Map<String, TlsKeySource.HostKeys> tlsKeys = reading.tlsKeys(hosts, DnsSettings.defaults());
    List<WantedRecord> wanted =
        WantedRecords.of(hosts, keys, tlsKeys, DnsjavaLookup.system(), checks);
    RecordStore store;
    try {
      store = new Rfc2136Store(dns);
    } catch (DnsStoreException e) {
      checks.add(fail(dns.server(), e));
      return new DnsApplyResult(checks, List.of(), dns.ttl(), false);
    }
    DnsApplyPlanner.Plan plan = DnsApplyPlanner.plan(wanted, store, force, dns.ttl());
    checks.addAll(plan.checks());
    if (check) {
      return new DnsApplyResult(checks, plan.changes(), dns.ttl(), false);
    }
    for (ZoneChange change : plan.changes()) {
      try {
        store.apply(change, dns.ttl());
        checks.add(
            new Check(
                Subject.domain(change.zone()),
                "dns-update",
                Status.OK,
                null,
                null,
                null,
                "update sent to "
                    + store.describe()
                    + ": "
                    + change.adds().size()
                    + " added, "
                    + change.deletes().size()
                    + " removed"));
      } catch (DnsStoreException e) {
        checks.add(fail(change.zone(), e));
      }
    }
    return new DnsApplyResult(checks, plan.changes(), dns.ttl(), true);
  }

  private static Check fail(String zone, DnsStoreException e) {
    return new Check(
        Subject.domain(zone), "dns-update", Status.FAIL, null, null, e.fix(), e.getMessage());
  }
}
