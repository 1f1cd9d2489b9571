package dev.mailpush.dns;

import static dev.mailpush.dns.SpfEvaluator.MAX_LOOKUPS;
import static dev.mailpush.dns.SpfEvaluator.MAX_VOIDS;

import dev.mailpush.dns.SpfEvaluator.Result;

/**
 * The processing limits of one check_host evaluation (RFC 7208 4.6.4), counted across all its
 * includes and redirects: at most 10 DNS-querying terms and 2 void lookups, beyond which the result
 * is a permerror. Receivers enforce these so a policy cannot make them query without end.
 */
final class SpfBudget {
  private final DnsLookup dns;
  private int lookups;
  private int voids;

  SpfBudget(DnsLookup dns) {
    this.dns = dns;
  }

  int lookups() {
    return lookups;
  }

  int voids() {
    return voids;
  }

  /** One DNS-querying term (include, a, mx, ptr, exists, redirect) is about to be evaluated. */
  void countTerm() throws SpfError {
    if (++lookups > MAX_LOOKUPS) {
      throw new SpfError(Result.PERMERROR, "more than " + MAX_LOOKUPS + " DNS-querying terms");
    }
  }

  /** A mechanism's own lookup: failures are TEMPERROR, void answers count toward the limit of 2. */
  DnsAnswer answer(String name, RecordType type) throws SpfError {
    DnsAnswer a = dns.query(name, type);
    if (a instanceof DnsAnswer.Failure f) {
      throw new SpfError(Result.TEMPERROR, type + " lookup of " + name + " failed: " + f.reason());
    }
    if (a.isVoid() && ++voids > MAX_VOIDS) {
      throw new SpfError(
          Result.PERMERROR,
          "more than " + MAX_VOIDS + " void lookups (last: " + type + " " + name + ")");
    }
    return a;
  }
}
