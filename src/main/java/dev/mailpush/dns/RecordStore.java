package dev.mailpush.dns;

import java.util.List;

/**
 * Where {@code dns apply} reads and writes a domain's records. {@link Rfc2136Store} speaks RFC 2136
 * with TSIG to the primary name server (BIND, Knot, PowerDNS and several providers take it); a
 * provider with only an HTTP API implements these three methods.
 */
public interface RecordStore {
  /** The zone that holds {@code name}. */
  String zoneOf(String name) throws DnsStoreException;

  /**
   * The records of {@code name} and {@code type} (MX, A, AAAA, TXT, SRV, TLSA; DNSKEY to tell a
   * signed zone) now.
   */
  List<ZoneRecord> read(String name, String type) throws DnsStoreException;

  /** Applies one zone's change atomically, or not at all. */
  void apply(ZoneChange change, int ttl) throws DnsStoreException;

  /** The store for messages, e.g. {@code ns1.example.net:53}. */
  String describe();
}
