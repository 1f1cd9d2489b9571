package dev.mailpush.dns;

import static dev.mailpush.dns.SpfEvaluator.MAX_DEPTH;
import static dev.mailpush.dns.SpfEvaluator.MAX_LOOKUPS;

import dev.mailpush.dns.SpfEvaluator.Audit;
import dev.mailpush.dns.SpfEvaluator.Published;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The worst case of a domain's policy, as an {@link Audit}: every branch walked, whichever one an
 * address would match; includes and redirects followed (a loop is caught by the path so far); every
 * DNS-querying term and void answer counted. Unlike check_host it does not stop at the limits of 10
 * and 2: the point is to tell how far past them a policy is.
 */
final class SpfAuditor {
  private final DnsLookup dns;

  SpfAuditor(DnsLookup dns) {
    this.dns = dns;
  }

  Audit audit(String domain, String text) {
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
    Published p = Published.at(dns, target);
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
