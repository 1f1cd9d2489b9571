package dev.mailpush.dns;

/** Asks DNS one question. The checks see only this, so tests give them fixed answers. */
@FunctionalInterface
public interface DnsLookup {

  /**
   * @param name a domain name, with or without the trailing dot (for PTR: an IP address)
   */
  DnsAnswer query(String name, RecordType type);
}
