package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.List;
import java.util.Optional;

/**
 * {@code dns-tlsa}: in a signed zone, {@code _25._tcp.HOSTNAME} holds a TLSA record for the key the
 * host serves (else senders that use DANE defer mail to it) and one for its next key (else a
 * renewal keeps the current key); in an unsigned zone TLSA means nothing.
 */
final class TlsaCheck {
  static final String CHECK = "dns-tlsa";
  private static final int TTL = 3600;

  private TlsaCheck() {}

  static Check check(DnsLookup dns, String host, String hostname, TlsKeySource.HostKeys keys) {
    String name = Tlsa.name(hostname);
    TlsKeySource.HostKeys.Hashes none =
        new TlsKeySource.HostKeys.Hashes(Optional.empty(), Optional.empty());
    TlsKeySource.HostKeys.Hashes hashes = keys instanceof TlsKeySource.HostKeys.Hashes h ? h : none;
    Optional<String> served = hashes.served();
    Optional<String> next = hashes.next();
    String notRead =
        keys instanceof TlsKeySource.HostKeys.Unreachable u
            ? "the host's keys could not be read: " + u.reason()
            : keys instanceof TlsKeySource.HostKeys.NotAsked
                ? "the host's keys were not read (--no-ssh)"
                : served.isEmpty() ? "the host serves no certificate yet" : null;
    List<String> wanted = served.map(s -> Tlsa.wanted(s, next)).orElse(List.of());
    String expected = wanted.isEmpty() ? null : String.join(", ", wanted);
    String fix =
        !wanted.isEmpty()
            ? "mailpush dns apply, or publish: "
                + String.join(
                    " | ",
                    wanted.stream().map(d -> new ZoneRecord(name, "TLSA", d).line(TTL)).toList())
            : keys instanceof TlsKeySource.HostKeys.Hashes
                ? "run mailpush deploy (it makes the certificate), then mailpush dns apply"
                : "run mailpush dns apply (it reads the host's keys over SSH)";
    Subject subject = Subject.host(host);

    Tlsa.Signing signing = Tlsa.signing(dns, hostname);
    if (signing instanceof Tlsa.Signing.Unknown u) {
      return new Check(
          subject,
          CHECK,
          Status.WARN,
          null,
          expected,
          null,
          "cannot tell whether the zone of " + hostname + " is DNSSEC-signed: " + u.reason());
    }
    if (signing instanceof Tlsa.Signing.Unsigned u) {
      return new Check(
          subject,
          CHECK,
          Status.INFO,
          null,
          null,
          null,
          "zone "
              + u.zone()
              + " is not DNSSEC-signed: TLSA records would be ignored (DANE needs DNSSEC)");
    }
    Tlsa.Published published = Tlsa.published(dns, hostname);
    if (published instanceof Tlsa.Published.Unknown u) {
      return new Check(
          subject,
          CHECK,
          Status.WARN,
          null,
          expected,
          null,
          "could not look up " + name + ": " + u.reason());
    }
    if (published instanceof Tlsa.Published.None) {
      return new Check(
          subject,
          CHECK,
          Status.WARN,
          "no record",
          expected,
          fix,
          "the zone is signed but "
              + name
              + " has no TLSA record: senders cannot authenticate this host (DANE)");
    }
    Tlsa.Published.Records records = (Tlsa.Published.Records) published;
    String found = String.join(", ", records.data());
    if (notRead != null) {
      return new Check(
          subject,
          CHECK,
          Status.WARN,
          found,
          null,
          null,
          "TLSA published, not compared with the host's key: " + notRead);
    }
    if (!records.matches(served.get())) {
      return new Check(
          subject,
          CHECK,
          Status.FAIL,
          found,
          expected,
          fix,
          "no TLSA record at "
              + name
              + " matches the key the host serves: senders that use DANE defer mail to it");
    }
    if (next.isPresent() && !records.matches(next.get())) {
      return new Check(
          subject,
          CHECK,
          Status.WARN,
          found,
          expected,
          fix,
          "the next key's TLSA record is missing: a renewal would keep the current key until it is"
              + " published");
    }
    return new Check(
        subject,
        CHECK,
        Status.OK,
        found,
        expected,
        null,
        next.isPresent()
            ? "TLSA matches the served key and the next key"
            : "TLSA matches the served key");
  }
}
