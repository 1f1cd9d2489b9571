package dev.mailpush.dns;

import dev.mailpush.dkim.DomainKeys;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every record {@code dns-report} checks, as {@code dns apply} writes it: per mail domain the MX
 * (each serving host, 10, 20...), SPF ({@code mx}), each host's DKIM key, DMARC, TLS-RPT and the
 * mail clients' SRV records (RFC 6186); per host the A/AAAA records of its name and the TLSA
 * records of its SMTP (DANE, in signed zones). What cannot be known (a DKIM key not read) is a
 * check instead.
 */
public final class WantedRecords {
  private WantedRecords() {}

  /** The records without TLSA (no TLS key read). */
  public static List<WantedRecord> of(
      List<HostConfig> hosts,
      Map<String, DkimKeySource.HostKeys> keys,
      DnsLookup dns,
      List<Check> problems) {
    return of(hosts, keys, Map.of(), dns, problems);
  }

  /**
   * @param keys each host's DKIM records as read over SSH
   * @param tlsKeys each host's TLS key hashes as read over SSH, for its TLSA records; a host
   *     missing here gets none
   * @param dns resolves a host's inventory address when it is a name
   * @param problems where what cannot be published goes
   */
  public static List<WantedRecord> of(
      List<HostConfig> hosts,
      Map<String, DkimKeySource.HostKeys> keys,
      Map<String, TlsKeySource.HostKeys> tlsKeys,
      DnsLookup dns,
      List<Check> problems) {
    List<WantedRecord> wanted = new ArrayList<>();
    Set<String> domains = new LinkedHashSet<>();
    hosts.forEach(h -> h.mail().virtualDomains().forEach(d -> domains.add(Names.normalize(d))));
    for (String domain : domains) {
      List<HostConfig> serving =
          hosts.stream()
              .filter(h -> h.mail().virtualDomains().stream().anyMatch(d -> Names.same(d, domain)))
              .toList();
      List<String> mx = new ArrayList<>();
      for (int i = 0; i < serving.size(); i++) {
        mx.add((10 * (i + 1)) + " " + Names.normalize(serving.get(i).hostname()));
      }
      wanted.add(
          new WantedRecord.Exact(Subject.domain(domain), "dns-mx", "MX", domain, "MX", mx, true));
      wanted.add(new WantedRecord.Spf(Subject.domain(domain), domain));
      dkim(domain, serving, keys, wanted, problems);
      wanted.add(
          new WantedRecord.IfMissing(
              Subject.domain(domain),
              "dns-dmarc",
              "DMARC",
              "_dmarc." + domain,
              "v=DMARC1",
              DmarcCheck.suggestedValue(domain)));
      wanted.add(
          new WantedRecord.IfMissing(
              Subject.domain(domain),
              "dns-tls-rpt",
              "TLSRPT",
              "_smtp._tls." + domain,
              "v=TLSRPTv1",
              ReportingCheck.tlsRptValue(domain)));
      WebRecords.wanted(domain, serving, dns, wanted);
      List<String> hostnames = serving.stream().map(HostConfig::hostname).toList();
      for (ClientSrv.Service service : ClientSrv.SERVICES) {
        wanted.add(
            new WantedRecord.Exact(
                Subject.domain(domain),
                "dns-client-srv",
                "SRV",
                service.name(domain),
                "SRV",
                ClientSrv.data(service, hostnames),
                true));
      }
    }
    for (HostConfig h : hosts) {
      List<String> error = new ArrayList<>();
      List<InetAddress> addrs = AddressCheck.expected(dns, h, error);
      if (addrs.isEmpty()) {
        problems.add(
            new Check(
                Subject.host(h.name()),
                "dns-address",
                Status.FAIL,
                null,
                h.address(),
                "set address in [hosts." + h.name() + "] to the server's IP address",
                "no address for " + h.hostname() + ": " + String.join("; ", error)));
      }
      for (String type : List.of("A", "AAAA")) {
        List<String> of =
            addrs.stream()
                .filter(a -> Names.isV6(a) == type.equals("AAAA"))
                .map(Names::text)
                .toList();
        if (!of.isEmpty()) {
          wanted.add(
              new WantedRecord.Exact(
                  Subject.host(h.name()), "dns-address", type, h.hostname(), type, of, false));
        }
      }
      TlsKeySource.HostKeys tls = tlsKeys.get(h.name());
      if (tls != null) {
        wanted.add(tlsa(h, tls));
      }
    }
    return wanted;
  }

  /**
   * The host's TLSA set: its served key and its next key (published before a renewal switches to
   * it); empty, with the reason, when the keys are not known.
   */
  static WantedRecord.Tlsa tlsa(HostConfig h, TlsKeySource.HostKeys keys) {
    Subject subject = Subject.host(h.name());
    String name = Tlsa.name(h.hostname());
    if (keys instanceof TlsKeySource.HostKeys.Hashes k) {
      return k.served()
          .map(s -> new WantedRecord.Tlsa(subject, name, Tlsa.wanted(s, k.next()), ""))
          .orElse(
              new WantedRecord.Tlsa(
                  subject, name, List.of(), h.name() + " serves no certificate yet"));
    }
    String why =
        keys instanceof TlsKeySource.HostKeys.Unreachable u
            ? "the TLS keys of " + h.name() + " were not read: " + u.reason()
            : "the host was not asked (--no-ssh)";
    return new WantedRecord.Tlsa(subject, name, List.of(), why);
  }

  /**
   * One record per selector: each host's signing key and the keys a rotation keeps published (the
   * next one before it signs, the last one for its grace period). Hosts that share a domain and a
   * selector must share the key.
   */
  private static void dkim(
      String domain,
      List<HostConfig> serving,
      Map<String, DkimKeySource.HostKeys> keys,
      List<WantedRecord> wanted,
      List<Check> problems) {
    Map<String, String> bySelector = new LinkedHashMap<>();
    Map<String, String> signer = new LinkedHashMap<>();
    for (HostConfig h : serving) {
      List<DomainKeys.Key> own =
          keys.get(h.name()) instanceof DkimKeySource.HostKeys.Records r
              ? r.of(domain).map(DomainKeys::keys).orElse(List.of())
              : List.of();
      if (own.isEmpty() || own.get(0).record().isEmpty()) {
        problems.add(
            new Check(
                Subject.of(domain, h.name()),
                "dns-dkim",
                Status.WARN,
                null,
                null,
                "run mailpush deploy --limit " + h.name() + " (it makes the key), then dns apply",
                "no DKIM key read from "
                    + h.name()
                    + " for "
                    + domain
                    + ": its record is not written"));
      }
      for (DomainKeys.Key key : own) {
        if (key.record().isEmpty()) {
          continue;
        }
        String selector = key.selector();
        String value = DkimCheck.recordValue(key.record().get());
        if (value == null) {
          continue;
        }
        String before = bySelector.putIfAbsent(selector, value);
        if (before == null) {
          signer.put(selector, h.name());
        } else if (!before.equals(value)) {
          problems.add(
              new Check(
                  Subject.of(domain, h.name()),
                  "dns-dkim",
                  Status.FAIL,
                  null,
                  null,
                  "give " + h.name() + " its own dkim_selector in [hosts." + h.name() + ".mail]",
                  h.name()
                      + " and "
                      + signer.get(selector)
                      + " sign "
                      + domain
                      + " with different keys under one selector ("
                      + selector
                      + "): one record cannot hold both"));
        }
      }
    }
    bySelector.forEach(
        (selector, value) -> wanted.add(dkimRecord(domain, signer.get(selector), selector, value)));
  }

  /** The TXT record of one DKIM key, as dns apply and dkim rotate publish it. */
  public static WantedRecord.Exact dkimRecord(
      String domain, String host, String selector, String value) {
    return new WantedRecord.Exact(
        Subject.of(domain, host),
        "dns-dkim",
        "DKIM",
        selector + "._domainkey." + Names.normalize(domain),
        "TXT",
        List.of(value),
        false);
  }
}
