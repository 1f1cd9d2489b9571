package dev.mailpush.dns;

import static dev.mailpush.dns.SpfEvaluator.MAX_DEPTH;
import static dev.mailpush.dns.SpfEvaluator.MAX_LOOKUPS;

import dev.mailpush.dns.SpfEvaluator.Evaluation;
import dev.mailpush.dns.SpfEvaluator.Published;
import dev.mailpush.dns.SpfEvaluator.Result;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 7208's check_host() for one address, exactly as a receiver evaluates it: the mechanisms in
 * order until one matches, include and redirect followed, and the processing limits ({@link
 * SpfBudget}) enforced as the evaluation goes.
 */
final class SpfCheckHost {
  private final DnsLookup dns;

  SpfCheckHost(DnsLookup dns) {
    this.dns = dns;
  }

  Evaluation evaluate(InetAddress ip, String domain) {
    SpfBudget b = new SpfBudget(dns);
    try {
      String[] matched = {""};
      Result r = check(ip, domain, b, 0, matched);
      return new Evaluation(r, matched[0], "", b.lookups(), b.voids());
    } catch (SpfError e) {
      return new Evaluation(e.result, "", e.getMessage(), b.lookups(), b.voids());
    }
  }

  private Result check(InetAddress ip, String domain, SpfBudget b, int depth, String[] matched)
      throws SpfError {
    if (depth > MAX_DEPTH) {
      throw new SpfError(
          Result.PERMERROR, "include/redirect nesting too deep (a loop?) at " + domain);
    }
    Published p = Published.at(dns, domain);
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
      if (m.queriesDns()) {
        b.countTerm();
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
      b.countTerm();
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
      InetAddress ip,
      String domain,
      SpfRecord.Mechanism m,
      SpfBudget b,
      int depth,
      String[] matched)
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
          return net.isPresent() && Cidr.inNetwork(ip, net.get(), prefix);
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
          DnsAnswer mx = b.answer(target, RecordType.MX);
          List<String> names =
              mx.values().stream().map(v -> v.substring(v.indexOf(' ') + 1)).toList();
          if (names.size() > MAX_LOOKUPS) {
            throw new SpfError(Result.PERMERROR, "mx:" + target + " has more than 10 MX records");
          }
          for (String name : names) {
            if (addresses(name, ip).stream().anyMatch(a -> Cidr.inNetwork(ip, a, prefix(ip, m)))) {
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
        return !b.answer(target, RecordType.A).values().isEmpty();
      default:
        return false;
    }
  }

  private boolean addressesMatch(InetAddress ip, String target, SpfRecord.Mechanism m, SpfBudget b)
      throws SpfError {
    DnsAnswer a = b.answer(target, Names.isV6(ip) ? RecordType.AAAA : RecordType.A);
    for (String v : a.values()) {
      Optional<InetAddress> addr = Names.ipLiteral(v);
      if (addr.isPresent() && Cidr.inNetwork(ip, addr.get(), prefix(ip, m))) {
        return true;
      }
    }
    return false;
  }

  private static int prefix(InetAddress ip, SpfRecord.Mechanism m) {
    return Names.isV6(ip) ? m.cidr6() : m.cidr4();
  }

  private List<InetAddress> addresses(String name, InetAddress like) {
    DnsAnswer a = dns.query(name, Names.isV6(like) ? RecordType.AAAA : RecordType.A);
    List<InetAddress> out = new ArrayList<>();
    for (String v : a.values()) {
      Names.ipLiteral(v).ifPresent(out::add);
    }
    return out;
  }
}
