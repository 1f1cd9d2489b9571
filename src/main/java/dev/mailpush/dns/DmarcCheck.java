package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code _dmarc.DOMAIN}: one valid DMARC record (RFC 9989) with a policy; {@code p=none} only
 * warns.
 */
final class DmarcCheck {
  private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");
  private static final Set<String> REMOVED = Set.of("pct", "rf", "ri");
  private static final Set<String> KNOWN =
      Set.of("v", "p", "sp", "np", "psd", "t", "rua", "ruf", "adkim", "aspf", "fo");

  private DmarcCheck() {}

  public static String suggested(String domain) {
    return Zone.txt("_dmarc." + Names.normalize(domain), suggestedValue(domain));
  }

  /** The policy suggested, and written by dns apply where there is none: quarantine, reports. */
  static String suggestedValue(String domain) {
    return "v=DMARC1; p=quarantine; rua=mailto:postmaster@" + Names.normalize(domain);
  }

  public static Check check(DnsLookup dns, String domain) {
    String name = "_dmarc." + Names.normalize(domain);
    DnsAnswer a = dns.query(name, RecordType.TXT);
    String expected = "v=DMARC1; p=quarantine|reject";
    if (a instanceof DnsAnswer.Failure f) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.FAIL,
          a.describe(),
          expected,
          null,
          "could not look up " + name + ": " + f.reason());
    }
    List<String> records =
        a.values().stream().filter(v -> v.strip().startsWith("v=DMARC1")).toList();
    if (records.isEmpty()) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.FAIL,
          a.isVoid() ? "no record" : a.describe(),
          expected,
          suggested(domain),
          "no DMARC record at " + name);
    }
    if (records.size() > 1) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.FAIL,
          String.join(" | ", records),
          expected,
          "keep only one DMARC record, e.g. " + suggested(domain),
          "several DMARC records: receivers apply none of them");
    }
    String text = records.get(0);
    Map<String, String> tags;
    try {
      tags = TagList.parse(text);
    } catch (IllegalArgumentException e) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.FAIL,
          text,
          expected,
          suggested(domain),
          "invalid DMARC record: " + e.getMessage());
    }
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!TagList.first(tags).equals("v") || !"DMARC1".equals(tags.get("v"))) {
      errors.add("v=DMARC1 must come first");
    }
    String p = tags.get("p");
    if (p == null) {
      errors.add("no p= policy");
    } else if (!POLICIES.contains(p)) {
      errors.add("p=" + p + " is not none, quarantine or reject");
    }
    for (String t : List.of("sp", "np")) {
      if (tags.containsKey(t) && !POLICIES.contains(tags.get(t))) {
        errors.add(t + "=" + tags.get(t) + " is not none, quarantine or reject");
      }
    }
    for (String t : List.of("adkim", "aspf")) {
      if (tags.containsKey(t) && !tags.get(t).matches("[rs]")) {
        errors.add(t + "=" + tags.get(t) + " must be r or s");
      }
    }
    if (tags.containsKey("t") && !tags.get("t").matches("[yn]")) {
      errors.add("t=" + tags.get("t") + " must be y or n");
    }
    if (tags.containsKey("psd") && !tags.get("psd").matches("[ynu]")) {
      errors.add("psd=" + tags.get("psd") + " must be y, n or u");
    }
    if (tags.containsKey("fo") && !tags.get("fo").matches("[01ds](:[01ds])*")) {
      errors.add("fo=" + tags.get("fo") + " must be 0, 1, d or s (colon-separated)");
    }
    for (String t : List.of("rua", "ruf")) {
      if (tags.containsKey(t)) {
        for (String uri : tags.get(t).split(",")) {
          String u = uri.strip();
          if (!u.matches("(?i)mailto:[^@\\s]+@[^@\\s]+")) {
            if (u.matches("(?i)[a-z][a-z0-9+.-]*:.+")) {
              warnings.add(t + " " + u + " is not a mailto: address");
            } else {
              errors.add(t + " \"" + u + "\" is not a URI (mailto:user@domain)");
            }
          }
        }
      }
    }
    for (String t : tags.keySet()) {
      if (REMOVED.contains(t)) {
        warnings.add(t + "= was removed by RFC 9989 and is ignored");
      } else if (!KNOWN.contains(t)) {
        warnings.add("unknown tag " + t + "=");
      }
    }
    if (!errors.isEmpty()) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.FAIL,
          text,
          expected,
          suggested(domain),
          "invalid DMARC record: " + String.join("; ", errors));
    }
    if ("none".equals(p)) {
      String rua = tags.getOrDefault("rua", "mailto:postmaster@" + Names.normalize(domain));
      warnings.add(
          0, "p=none only monitors: spoofed mail is still delivered; move to quarantine or reject");
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.WARN,
          text,
          expected,
          Zone.txt(name, "v=DMARC1; p=quarantine; rua=" + rua),
          String.join("; ", warnings));
    }
    if (!warnings.isEmpty()) {
      return new Check(
          Subject.domain(domain),
          "dmarc",
          Status.WARN,
          text,
          expected,
          null,
          String.join("; ", warnings));
    }
    return new Check(
        Subject.domain(domain), "dmarc", Status.OK, text, expected, null, "DMARC policy p=" + p);
  }
}
