package dev.mailpush.dns;

/** The record types the report asks for. */
public enum RecordType {
  A, AAAA, MX, TXT, PTR
}
