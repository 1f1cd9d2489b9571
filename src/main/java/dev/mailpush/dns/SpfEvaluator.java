package dev.mailpush.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * SPF per RFC 7208 over a {@link DnsLookup}: {@link #checkHost} is the standard evaluation for one
 * address (with the limits of 10 DNS-querying terms and 2 void lookups), {@link #audit} walks every
 * branch of a domain's policy to count what a receiver may have to query in the worst case. Macros
 * ({@code %{i}} and friends) are not expanded: such terms never match here and are reported.
 *
 * <p>This class holds the vocabulary both share (results, limits, what a domain publishes). The two
 * walks share no rules: one stops at the first match and fails at the first exceeded limit, the
 * other visits every branch and collects problems instead of stopping; so each is its own class:
 * {@link SpfCheckHost} and {@link SpfAuditor}.
 */
final class SpfEvaluator {
  public static final int MAX_LOOKUPS = 10;
  public static final int MAX_VOIDS = 2;

  /** How deep include/redirect may nest before a walk gives up (most likely a loop). */
  static final int MAX_DEPTH = 15;

  private final DnsLookup dns;

  public SpfEvaluator(DnsLookup dns) {
    this.dns = dns;
  }

  /** The results of RFC 7208 section 2.6. */
  public enum Result {
    PASS,
    FAIL,
    SOFTFAIL,
    NEUTRAL,
    NONE,
    PERMERROR,
    TEMPERROR
  }

  /**
   * @param matched the mechanism that decided, e.g. {@code mx} or {@code include:_spf.example.net},
   *     or empty
   * @param detail why, for errors
   */
  public record Evaluation(Result result, String matched, String detail, int lookups, int voids) {}

  /** The SPF record(s) published at a domain. */
  public sealed interface Published {
    record One(String text) implements Published {}

    record Many(List<String> texts) implements Published {}

    record None() implements Published {}

    record Unknown(String reason) implements Published {}

    /** The TXT records of {@code domain} that are SPF records. */
    static Published at(DnsLookup dns, String domain) {
      DnsAnswer a = dns.query(domain, RecordType.TXT);
      if (a instanceof DnsAnswer.Failure f) {
        return new Published.Unknown(f.reason());
      }
      List<String> spf = a.values().stream().filter(SpfRecord::isSpf).toList();
      if (spf.isEmpty()) {
        return new Published.None();
      }
      return spf.size() == 1 ? new Published.One(spf.get(0)) : new Published.Many(spf);
    }
  }

  public Published published(String domain) {
    return Published.at(dns, domain);
  }

  public Evaluation checkHost(InetAddress ip, String domain) {
    return new SpfCheckHost(dns).evaluate(ip, domain);
  }

  /**
   * The worst case of a domain's policy: every branch walked.
   *
   * @param lookups DNS-querying terms (include, a, mx, ptr, exists, redirect), counted recursively
   * @param voids lookups of those terms that returned NXDOMAIN or no records
   * @param problems anything that makes the policy fail for every receiver (permerror) or is
   *     deprecated
   */
  public record Audit(int lookups, int voids, List<String> problems, List<String> notes) {
    public Audit {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }
  }

  public Audit audit(String domain, String text) {
    return new SpfAuditor(dns).audit(domain, text);
  }
}
