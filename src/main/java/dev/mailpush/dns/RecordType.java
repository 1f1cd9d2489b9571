package dev.mailpush.dns;

/** The record types the report asks for. */
enum RecordType {
  A,
  AAAA,
  MX,
  TXT,
  PTR,
  SRV
}
