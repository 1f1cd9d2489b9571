package dev.mailpush.dns;

import dev.mailpush.dkim.DomainKeys;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole report: per virtual domain MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT and the mail clients'
 * SRV records; per host its TLSA records (DANE), address records, forward-confirmed reverse DNS and
 * blocklists. Checks come out grouped: each domain's, then each host's.
 */
public final class DnsReport {
  /** Spamhaus ZEN, SpamCop, Barracuda. */
  public static final List<String> DEFAULT_DNSBLS =
      List.of("zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org");

  private final DnsLookup dns;
  private final List<String> dnsbls;
  private final Clock clock;

  public DnsReport(DnsLookup dns, List<String> dnsbls, Clock clock) {
    this.dns = dns;
    this.dnsbls = List.copyOf(dnsbls);
    this.clock = clock;
  }

  /** The report without TLSA checks (no TLS key read). */
  public List<Check> run(List<HostConfig> hosts, Map<String, DkimKeySource.HostKeys> keys) {
    return run(hosts, keys, Map.of());
  }

  /**
   * @param keys each host's DKIM records (already fetched: the report itself does no SSH)
   * @param tlsKeys each host's TLS key hashes, for its TLSA check; a host missing here gets none
   */
  public List<Check> run(
      List<HostConfig> hosts,
      Map<String, DkimKeySource.HostKeys> keys,
      Map<String, TlsKeySource.HostKeys> tlsKeys) {
    List<Check> checks = new ArrayList<>();
    Map<String, List<InetAddress>> addresses = new LinkedHashMap<>();
    Map<String, String> addressErrors = new LinkedHashMap<>();
    for (HostConfig h : hosts) {
      List<String> error = new ArrayList<>();
      addresses.put(h.name(), AddressCheck.expected(dns, h, error));
      addressErrors.put(h.name(), String.join("; ", error));
    }
    Set<String> domains = new LinkedHashSet<>();
    hosts.forEach(h -> h.mail().virtualDomains().forEach(d -> domains.add(Names.normalize(d))));
    String today = LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
    for (String domain : domains) {
      List<HostConfig> serving =
          hosts.stream()
              .filter(h -> h.mail().virtualDomains().stream().anyMatch(d -> Names.same(d, domain)))
              .toList();
      List<String> hostnames = serving.stream().map(HostConfig::hostname).toList();
      checks.add(MxCheck.check(dns, domain, hostnames));
      checks.add(SpfCheck.check(dns, domain));
      for (HostConfig h : serving) {
        if (h.mail().relay().isPresent()) {
          checks.add(relaySpf(domain, h, h.mail().relay().get().host()));
          continue;
        }
        List<InetAddress> addrs = addresses.get(h.name());
        if (addrs.isEmpty()) {
          checks.add(
              new Check(
                  Subject.of(domain, h.name()),
                  "spf-host",
                  Status.FAIL,
                  null,
                  null,
                  null,
                  "cannot evaluate SPF: " + addressErrors.get(h.name())));
        } else {
          checks.add(SpfCheck.checkHost(dns, domain, h.name(), h.hostname(), addrs));
        }
      }
      for (HostConfig h : serving) {
        checks.addAll(dkim(domain, h, keys.get(h.name())));
      }
      checks.add(DmarcCheck.check(dns, domain));
      checks.addAll(WebRecords.checks(dns, domain, serving, today));
      checks.add(ReportingCheck.tlsRpt(dns, domain));
      checks.add(ClientSrv.check(dns, domain, hostnames));
    }
    for (HostConfig h : hosts) {
      List<InetAddress> addrs = addresses.get(h.name());
      TlsKeySource.HostKeys tls = tlsKeys.get(h.name());
      if (tls != null) {
        checks.add(TlsaCheck.check(dns, h.name(), h.hostname(), tls));
      }
      checks.add(ResolverCheck.check(h));
      if (addrs.isEmpty()) {
        checks.add(
            new Check(
                Subject.host(h.name()),
                "address",
                Status.FAIL,
                null,
                h.address(),
                null,
                addressErrors.get(h.name())));
        continue;
      }
      checks.add(AddressCheck.check(dns, h.name(), h.hostname(), addrs));
      for (InetAddress a : addrs) {
        checks.add(PtrCheck.check(dns, h.name(), h.hostname(), a));
      }
      for (InetAddress a : addrs) {
        for (String zone : dnsbls) {
          checks.add(DnsblCheck.check(dns, h.name(), a, zone));
        }
      }
    }
    return checks;
  }

  /**
   * The mail clients' SRV records of {@code domain} (RFC 6186) pointing at {@code hostnames}, as
   * {@code verify --resolver} checks them too.
   */
  public static Check clientSrv(DnsLookup dns, String domain, List<String> hostnames) {
    return ClientSrv.check(dns, domain, hostnames);
  }

  /**
   * A host with a smarthost sends nothing itself: receivers see the relay's addresses, so those are
   * the ones SPF must authorise.
   */
  private Check relaySpf(String domain, HostConfig h, String relay) {
    List<String> error = new ArrayList<>();
    List<InetAddress> addrs = AddressCheck.expected(dns, relay, error);
    if (addrs.isEmpty()) {
      return new Check(
          Subject.of(domain, h.name()),
          "spf-host",
          Status.WARN,
          null,
          relay,
          null,
          "cannot evaluate SPF for the relay " + relay + ": " + String.join("; ", error));
    }
    Check c = SpfCheck.checkHost(dns, domain, h.name(), "the relay " + relay, addrs);
    // The relay's name may not be the address its mail leaves from: the provider's own SPF
    // include is the better fix, and only the provider knows. A warning, not a failure.
    return c.status() != Status.FAIL
        ? c
        : new Check(
            c.subject(),
            c.check(),
            Status.WARN,
            c.found(),
            c.expected(),
            c.fix() + "\n(or, better, the include: your relay's provider gives for SPF)",
            c.message() + ": mail from this host leaves through the relay");
  }

  /**
   * The signing key's record (FAIL when missing or not the host's key), and those a rotation keeps
   * published: the pending key's (INFO until published: {@code dkim rotate} publishes it before it
   * signs) and the retiring key's (WARN when missing: mail signed with it may still be checked).
   */
  private List<Check> dkim(String domain, HostConfig h, DkimKeySource.HostKeys keys) {
    if (!(keys instanceof DkimKeySource.HostKeys.Records r)) {
      DkimCheck.HostKey unknown =
          keys instanceof DkimKeySource.HostKeys.Unreachable u
              ? new DkimCheck.HostKey.Unknown("host unreachable: " + u.reason())
              : new DkimCheck.HostKey.Unknown("not asked (--no-ssh)");
      return List.of(DkimCheck.check(dns, domain, h.name(), h.mail().dkimSelector(), unknown));
    }
    List<DomainKeys.Key> own =
        r.of(domain)
            .map(DomainKeys::keys)
            .orElse(
                List.of(
                    new DomainKeys.Key(
                        h.mail().dkimSelector(), DomainKeys.Role.SIGNING, Optional.empty())));
    List<Check> out = new ArrayList<>();
    for (DomainKeys.Key key : own) {
      DkimCheck.HostKey hostKey =
          key.record()
              .<DkimCheck.HostKey>map(DkimCheck.HostKey.File::new)
              .orElseGet(DkimCheck.HostKey.Missing::new);
      Check c = DkimCheck.check(dns, domain, h.name(), key.selector(), hostKey);
      out.add(
          switch (key.role()) {
            case SIGNING -> c;
            case PENDING ->
                rename(
                    c,
                    "dkim-pending",
                    c.failed() ? Status.INFO : c.status(),
                    "next key "
                        + key.selector()
                        + " (not signing yet; mailpush dkim rotate publishes it, then switches): ");
            case RETIRING ->
                rename(
                    c,
                    "dkim-retiring",
                    c.failed() ? Status.WARN : c.status(),
                    "previous key "
                        + key.selector()
                        + " (kept published for mail it signed; dkim rotate removes it after the"
                        + " grace period): ");
          });
    }
    return out;
  }

  private static Check rename(Check c, String name, Status status, String prefix) {
    return new Check(
        c.subject(), name, status, c.found(), c.expected(), c.fix(), prefix + c.message());
  }
}
