package dev.mailpush.dns;

import java.util.List;

/**
 * What one DNS question got back. NXDOMAIN and an empty answer are different outcomes (both are
 * "void lookups" for SPF), and a failed lookup is neither: the report must not claim a record is
 * missing when it could not ask.
 */
sealed interface DnsAnswer {

  /**
   * The records' data: MX as {@code "PREF target"}, names without the trailing dot, TXT strings
   * joined.
   */
  record Records(List<String> values) implements DnsAnswer {
    public Records {
      values = List.copyOf(values);
    }
  }

  /** The name does not exist (NXDOMAIN). */
  record NxDomain() implements DnsAnswer {}

  /** The name exists but has no record of this type. */
  record NoData() implements DnsAnswer {}

  /** No answer: timeout, SERVFAIL, REFUSED. */
  record Failure(String reason) implements DnsAnswer {}

  /** The records, or none for every other outcome. */
  default List<String> values() {
    return this instanceof Records r ? r.values() : List.of();
  }

  /** NXDOMAIN or an empty answer. */
  default boolean isVoid() {
    return this instanceof NxDomain || this instanceof NoData;
  }

  /** A short description for reports: the values, or what happened instead. */
  default String describe() {
    if (this instanceof Records r) {
      return String.join(", ", r.values());
    }
    if (this instanceof NxDomain) {
      return "NXDOMAIN (name does not exist)";
    }
    if (this instanceof NoData) {
      return "no record";
    }
    return "lookup failed: " + ((Failure) this).reason();
  }
}
