package dev.mailpush.dns;

/** The record types the report asks for. */
enum RecordType {
  A,
  AAAA,
  MX,
  TXT,
  PTR,
  SRV,
  TLSA,
  /** A zone's apex: where {@link Tlsa} finds the zone whose DNSKEY says it is signed. */
  SOA,
  DNSKEY
}
