package dev.mailpush.dns;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * SPF per RFC 7208 over a {@link DnsLookup}: {@link #checkHost} is the standard evaluation for one
 * address (with the limits of 10 DNS-querying terms and 2 void lookups), {@link #audit} walks every
 * branch of a domain's policy to count what a receiver may have to query in the worst case. Macros
 * ({@code %{i}} and friends) are not expanded: such terms never match here and are reported.
 */
final class SpfEvaluator {
  public static final int MAX_LOOKUPS = 10;
  public static final int MAX_VOIDS = 2;
  private static final int MAX_DEPTH = 15;

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
  }

  public Published published(String domain) {
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

  // ---- check_host --------------------------------------------------------------------------

  private static final class Budget {
    int lookups;
    int voids;
  }

  private static final class SpfError extends Exception {
    final Result result;

    SpfError(Result result, String message) {
      super(message, null, false, false);
      this.result = result;
    }
  }

  public Evaluation checkHost(InetAddress ip, String domain) {
    Budget b = new Budget();
    try {
      String[] matched = {""};
      Result r = check(ip, domain, b, 0, matched);
      return new Evaluation(r, matched[0], "", b.lookups, b.voids);
    } catch (SpfError e) {
      return new Evaluation(e.result, "", e.getMessage(), b.lookups, b.voids);
    }
  }

  private Result check(InetAddress ip, String domain, Budget b, int depth, String[] matched)
      throws SpfError {
    if (depth > MAX_DEPTH) {
      throw new SpfError(
          Result.PERMERROR, "include/redirect nesting too deep (a loop?) at " + domain);
    }
    Published p = published(domain);
    if (p instanceof Published.Unknown u) {
      throw new SpfError(Result.TEMPERROR, "TXT lookup of " + domain + " failed: " + u.reason());
    }
    if (p instanceof Published.None) {
      return Result.NONE;
    }
    if (p instanceof Published.Many) {
      throw new SpfError(Result.PERMERROR, domain + " publishes more than one SPF record");
    }
    SpfRecord rec;
    try {
      rec = SpfRecord.parse(((Published.One) p).text());
    } catch (IllegalArgumentException e) {
      throw new SpfError(Result.PERMERROR, "SPF record of " + domain + ": " + e.getMessage());
    }
    for (SpfRecord.Mechanism m : rec.mechanisms()) {
      if (m.queriesDns() && ++b.lookups > MAX_LOOKUPS) {
        throw new SpfError(Result.PERMERROR, "more than " + MAX_LOOKUPS + " DNS-querying terms");
      }
      if (matches(ip, domain, m, b, depth, matched)) {
        if (matched[0].isEmpty()) {
          matched[0] = m.toString();
        }
        return switch (m.qualifier()) {
          case '-' -> Result.FAIL;
          case '~' -> Result.SOFTFAIL;
          case '?' -> Result.NEUTRAL;
          default -> Result.PASS;
        };
      }
    }
    Optional<String> redirect = rec.modifier("redirect");
    if (redirect.isPresent() && rec.all().isEmpty()) {
      if (++b.lookups > MAX_LOOKUPS) {
        throw new SpfError(Result.PERMERROR, "more than " + MAX_LOOKUPS + " DNS-querying terms");
      }
      if (redirect.get().contains("%")) {
        throw new SpfError(Result.NEUTRAL, "redirect uses macros (not evaluated here)");
      }
      Result r = check(ip, redirect.get(), b, depth + 1, matched);
      if (r == Result.NONE) {
        throw new SpfError(
            Result.PERMERROR, "redirect target " + redirect.get() + " has no SPF record");
      }
      return r;
    }
    return Result.NEUTRAL;
  }

  private boolean matches(
      InetAddress ip, String domain, SpfRecord.Mechanism m, Budget b, int depth, String[] matched)
      throws SpfError {
    String target = m.domain() == null ? domain : m.domain();
    if (m.domain() != null && m.domain().contains("%") && !m.name().startsWith("ip")) {
      return false; // macros are not expanded
    }
    switch (m.name()) {
      case "all":
        return true;
      case "ip4":
      case "ip6":
        {
          Optional<InetAddress> net = Names.ipLiteral(m.domain());
          int prefix = m.name().equals("ip4") ? m.cidr4() : m.cidr6();
          return net.isPresent() && inNetwork(ip, net.get(), prefix);
        }
      case "include":
        {
          String[] inner = {""};
          Result r = check(ip, target, b, depth + 1, inner);
          if (r == Result.PASS) {
            matched[0] = m + (inner[0].isEmpty() ? "" : " (" + inner[0] + ")");
            return true;
          }
          if (r == Result.TEMPERROR) {
            throw new SpfError(r, "include:" + target + " could not be evaluated");
          }
          if (r == Result.PERMERROR || r == Result.NONE) {
            throw new SpfError(Result.PERMERROR, "include:" + target + " has no valid SPF record");
          }
          return false;
        }
      case "a":
        return addressesMatch(ip, target, m, b);
      case "mx":
        {
          DnsAnswer mx = answer(target, RecordType.MX, b);
          List<String> names =
              mx.values().stream().map(v -> v.substring(v.indexOf(' ') + 1)).toList();
          if (names.size() > MAX_LOOKUPS) {
            throw new SpfError(Result.PERMERROR, "mx:" + target + " has more than 10 MX records");
          }
          for (String name : names) {
            if (addresses(name, ip).stream().anyMatch(a -> inNetwork(ip, a, prefix(ip, m)))) {
              return true;
            }
          }
          return false;
        }
      case "ptr":
        {
          DnsAnswer ptr = dns.query(ip.getHostAddress(), RecordType.PTR);
          for (String name : ptr.values().stream().limit(MAX_LOOKUPS).toList()) {
            if ((Names.same(name, target)
                    || Names.normalize(name).endsWith("." + Names.normalize(target)))
                && addresses(name, ip).contains(ip)) {
              return true;
            }
          }
          return false;
        }
      case "exists":
        return !answer(target, RecordType.A, b).values().isEmpty();
      default:
        return false;
    }
  }

  private boolean addressesMatch(InetAddress ip, String target, SpfRecord.Mechanism m, Budget b)
      throws SpfError {
    DnsAnswer a = answer(target, Names.isV6(ip) ? RecordType.AAAA : RecordType.A, b);
    for (String v : a.values()) {
      Optional<InetAddress> addr = Names.ipLiteral(v);
      if (addr.isPresent() && inNetwork(ip, addr.get(), prefix(ip, m))) {
        return true;
      }
    }
    return false;
  }

  private static int prefix(InetAddress ip, SpfRecord.Mechanism m) {
    return Names.isV6(ip) ? m.cidr6() : m.cidr4();
  }

  /** A mechanism's own lookup: failures are TEMPERROR, void answers count toward the limit of 2. */
  private DnsAnswer answer(String name, RecordType type, Budget b) throws SpfError {
    DnsAnswer a = dns.query(name, type);
    if (a instanceof DnsAnswer.Failure f) {
      throw new SpfError(Result.TEMPERROR, type + " lookup of " + name + " failed: " + f.reason());
    }
    if (a.isVoid() && ++b.voids > MAX_VOIDS) {
      throw new SpfError(
          Result.PERMERROR,
          "more than " + MAX_VOIDS + " void lookups (last: " + type + " " + name + ")");
    }
    return a;
  }

  private List<InetAddress> addresses(String name, InetAddress like) {
    DnsAnswer a = dns.query(name, Names.isV6(like) ? RecordType.AAAA : RecordType.A);
    List<InetAddress> out = new ArrayList<>();
    for (String v : a.values()) {
      Names.ipLiteral(v).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Whether {@code ip} lies in {@code net/prefix} (-1: the whole address); false across families.
   */
  public static boolean inNetwork(InetAddress ip, InetAddress net, int prefix) {
    byte[] x = ip.getAddress();
    byte[] y = net.getAddress();
    if (x.length != y.length) {
      return false;
    }
    int bits = prefix < 0 ? x.length * 8 : prefix;
    BigInteger mask =
        bits == 0
            ? BigInteger.ZERO
            : BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .shiftLeft(x.length * 8 - bits);
    return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
  }

  // ---- audit -----------------------------------------------------------------------------------

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
    int[] counts = new int[2];
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Deque<String> path = new ArrayDeque<>();
    path.push(Names.normalize(domain));
    walk(domain, text, counts, problems, notes, path);
    return new Audit(counts[0], counts[1], problems, notes);
  }

  private void walk(
      String domain,
      String text,
      int[] counts,
      List<String> problems,
      List<String> notes,
      Deque<String> path) {
    SpfRecord rec;
    try {
      rec = SpfRecord.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add("SPF record of " + domain + ": " + e.getMessage());
      return;
    }
    for (SpfRecord.Mechanism m : rec.mechanisms()) {
      if (!m.queriesDns()) {
        continue;
      }
      counts[0]++;
      String target = m.domain() == null ? domain : m.domain();
      if (target.contains("%")) {
        notes.add(m + " uses macros (not evaluated)");
        continue;
      }
      switch (m.name()) {
        case "include" -> follow("include:" + target, target, counts, problems, notes, path);
        case "a" -> {
          if (dns.query(target, RecordType.A).isVoid()
              && dns.query(target, RecordType.AAAA).isVoid()) {
            counts[1]++;
          }
        }
        case "mx" -> {
          DnsAnswer mx = dns.query(target, RecordType.MX);
          if (mx.isVoid()) {
            counts[1]++;
          } else if (mx.values().size() > MAX_LOOKUPS) {
            problems.add(m + ": more than 10 MX names to look up");
          }
        }
        case "exists" -> {
          if (dns.query(target, RecordType.A).isVoid()) {
            counts[1]++;
          }
        }
        case "ptr" ->
            notes.add("the ptr mechanism is deprecated (RFC 7208 5.5): slow and unreliable");
        default -> {}
      }
    }
    Optional<String> redirect = rec.modifier("redirect");
    if (redirect.isPresent() && rec.all().isEmpty()) {
      counts[0]++;
      if (!redirect.get().contains("%")) {
        follow("redirect=" + redirect.get(), redirect.get(), counts, problems, notes, path);
      }
    }
  }

  private void follow(
      String term,
      String target,
      int[] counts,
      List<String> problems,
      List<String> notes,
      Deque<String> path) {
    String t = Names.normalize(target);
    if (path.contains(t)) {
      problems.add(term + " loops back to " + t);
      return;
    }
    if (path.size() > MAX_DEPTH) {
      problems.add(term + ": nested too deep");
      return;
    }
    DnsAnswer txt = dns.query(target, RecordType.TXT);
    if (txt.isVoid()) {
      counts[1]++;
    }
    Published p = published(target);
    if (p instanceof Published.Unknown u) {
      notes.add(term + ": lookup failed (" + u.reason() + ")");
    } else if (p instanceof Published.None) {
      problems.add(term + ": " + target + " has no SPF record");
    } else if (p instanceof Published.Many) {
      problems.add(term + ": " + target + " has more than one SPF record");
    } else {
      path.push(t);
      walk(target, ((Published.One) p).text(), counts, problems, notes, path);
      path.pop();
    }
  }
}
