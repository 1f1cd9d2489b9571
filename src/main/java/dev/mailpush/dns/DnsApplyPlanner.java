package dev.mailpush.dns;

import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dns apply} changes, zone by zone, and why. mailpush changes only what it owns: a
 * record set it wrote (noted as {@code _mailpush.NAME TXT "mailpush owns KIND"} in the zone), or
 * one that does not exist. A foreign record that is wrong is a conflict, replaced only with {@code
 * force}; a foreign SPF record is merged instead ({@code mx} added before its {@code all}); the
 * admin's DMARC and TLS-RPT policies stay as they are. TLSA records are written only in a
 * DNSSEC-signed zone.
 */
public final class DnsApplyPlanner {
  static final String OURS_SPF = "v=spf1 mx -all";

  /** The changes (one per zone that needs any) and a check per record set. */
  public record Plan(List<ZoneChange> changes, List<Check> checks) {}

  private final RecordStore store;
  private final boolean force;
  private final int ttl;
  private final Map<String, ZoneBuilder> zones = new LinkedHashMap<>();
  private final Map<String, List<ZoneRecord>> read = new HashMap<>();
  private final List<Check> checks = new ArrayList<>();

  private DnsApplyPlanner(RecordStore store, boolean force, int ttl) {
    this.store = store;
    this.force = force;
    this.ttl = ttl;
  }

  public static Plan plan(List<WantedRecord> wanted, RecordStore store, boolean force, int ttl) {
    DnsApplyPlanner p = new DnsApplyPlanner(store, force, ttl);
    for (WantedRecord w : wanted) {
      try {
        p.plan(w);
      } catch (DnsStoreException e) {
        p.checks.add(p.check(w, Status.FAIL, e.getMessage(), e.fix()));
      }
    }
    List<ZoneChange> changes =
        p.zones.values().stream().map(ZoneBuilder::build).filter(c -> !c.isEmpty()).toList();
    return new Plan(changes, List.copyOf(p.checks));
  }

  private void plan(WantedRecord w) throws DnsStoreException {
    if (w instanceof WantedRecord.Exact e) {
      exact(e);
    } else if (w instanceof WantedRecord.Spf s) {
      spf(s);
    } else if (w instanceof WantedRecord.Gone g) {
      gone(g);
    } else if (w instanceof WantedRecord.Tlsa t) {
      tlsa(t);
    } else {
      ifMissing((WantedRecord.IfMissing) w);
    }
  }

  private void exact(WantedRecord.Exact w) throws DnsStoreException {
    List<ZoneRecord> current = read(w.name(), w.type());
    List<ZoneRecord> desired =
        w.data().stream().map(d -> new ZoneRecord(w.name(), w.type(), d)).toList();
    Set<ZoneRecord> have = new LinkedHashSet<>(current);
    if (have.equals(new LinkedHashSet<>(desired))
        || (w.supersetOk() && have.containsAll(desired))) {
      checks.add(check(w, Status.OK, "up to date: " + describe(current), null));
      return;
    }
    if (!current.isEmpty() && !owns(w) && !force) {
      checks.add(
          check(
              w,
              Status.FAIL,
              w.type()
                  + " of "
                  + w.name()
                  + " is "
                  + describe(current)
                  + ", which mailpush did not write: left as it is",
              "mailpush dns apply --force replaces it with: "
                  + String.join(" | ", desired.stream().map(r -> r.line(ttl)).toList())));
      return;
    }
    ZoneBuilder zone = zone(w.name());
    zone.expect(w.name(), w.type(), current);
    current.stream().filter(r -> !desired.contains(r)).forEach(zone.deletes::add);
    desired.stream().filter(r -> !have.contains(r)).forEach(zone.adds::add);
    claim(w);
    checks.add(
        check(
            w, Status.OK, (current.isEmpty() ? "new: " : "corrected: ") + describe(desired), null));
  }

  /**
   * TLSA only in a signed zone (a DNSKEY at its apex): without DNSSEC senders ignore it. The set is
   * exactly the host's keys, so a hash of a key no longer served or next goes.
   */
  private void tlsa(WantedRecord.Tlsa w) throws DnsStoreException {
    String zone = store.zoneOf(w.name());
    if (read(zone, "DNSKEY").isEmpty()) {
      checks.add(
          check(
              w,
              Status.INFO,
              "zone "
                  + zone
                  + " is not DNSSEC-signed: no TLSA written (senders ignore TLSA without DNSSEC)",
              null));
      return;
    }
    if (w.data().isEmpty()) {
      checks.add(
          check(
              w,
              Status.WARN,
              "no TLSA written for " + w.name() + ": " + w.why(),
              "run mailpush deploy (it makes the certificate), then mailpush dns apply"));
      return;
    }
    exact(
        new WantedRecord.Exact(
            w.subject(), w.check(), w.kind(), w.name(), "TLSA", w.data(), false));
  }

  private void spf(WantedRecord.Spf w) throws DnsStoreException {
    List<ZoneRecord> txt = read(w.name(), "TXT");
    List<ZoneRecord> spf =
        txt.stream().filter(r -> r.data().toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
    String merged = OURS_SPF;
    if (spf.size() == 1) {
      String text = spf.get(0).data();
      if (mentionsMx(text)) {
        checks.add(check(w, Status.OK, "up to date: " + text, null));
        return;
      }
      if (!force && !owns(w)) {
        try {
          merged = SpfRecord.parse(text).withBeforeAll("mx");
        } catch (IllegalArgumentException e) {
          checks.add(
              check(
                  w,
                  Status.FAIL,
                  "the SPF record of "
                      + w.name()
                      + " is not valid ("
                      + e.getMessage()
                      + "): left as it is",
                  "correct it, or mailpush dns apply --force replaces it with \""
                      + OURS_SPF
                      + "\""));
          return;
        }
      }
    } else if (spf.size() > 1 && !force && !owns(w)) {
      checks.add(
          check(
              w,
              Status.FAIL,
              spf.size()
                  + " SPF records at "
                  + w.name()
                  + " (receivers then ignore SPF): left as they are",
              "keep one by hand, or mailpush dns apply --force replaces them with \""
                  + OURS_SPF
                  + "\""));
      return;
    }
    ZoneBuilder zone = zone(w.name());
    zone.expect(w.name(), "TXT", txt);
    zone.deletes.addAll(spf);
    zone.adds.add(new ZoneRecord(w.name(), "TXT", merged));
    claim(w);
    checks.add(
        check(
            w,
            Status.OK,
            spf.isEmpty()
                ? "new: " + merged
                : merged.equals(OURS_SPF)
                    ? "replaced by: " + merged
                    : "merged (mx added): " + merged,
            null));
  }

  private void ifMissing(WantedRecord.IfMissing w) throws DnsStoreException {
    List<ZoneRecord> txt = read(w.name(), "TXT");
    List<ZoneRecord> policies =
        txt.stream()
            .filter(
                r ->
                    r.data()
                        .toLowerCase(Locale.ROOT)
                        .startsWith(w.prefix().toLowerCase(Locale.ROOT)))
            .toList();
    if (!policies.isEmpty()) {
      checks.add(check(w, Status.OK, "kept as published: " + describe(policies), null));
      return;
    }
    ZoneBuilder zone = zone(w.name());
    zone.expect(w.name(), "TXT", txt);
    zone.adds.add(new ZoneRecord(w.name(), "TXT", w.value()));
    claim(w);
    checks.add(check(w, Status.OK, "new: " + w.value(), null));
  }

  private void gone(WantedRecord.Gone w) throws DnsStoreException {
    List<ZoneRecord> current = read(w.name(), w.type());
    String name = registry(w.name());
    List<ZoneRecord> notes = read(name, "TXT");
    ZoneRecord note = new ZoneRecord(name, "TXT", ownership(w.kind()));
    if (current.isEmpty() && !notes.contains(note)) {
      checks.add(check(w, Status.OK, "already gone: " + w.type() + " of " + w.name(), null));
      return;
    }
    if (!current.isEmpty() && !notes.contains(note)) {
      checks.add(
          check(
              w,
              Status.WARN,
              w.type()
                  + " of "
                  + w.name()
                  + " is "
                  + describe(current)
                  + ", which mailpush did not write: left as it is",
              "remove it from the zone yourself: "
                  + String.join(" | ", current.stream().map(r -> r.line(ttl)).toList())));
      return;
    }
    ZoneBuilder zone = zone(w.name());
    zone.expect(w.name(), w.type(), current);
    zone.expect(name, "TXT", notes);
    zone.deletes.addAll(current);
    zone.deletes.add(note);
    checks.add(check(w, Status.OK, "removed: " + describe(current), null));
  }

  /** {@code mx} (this domain's MX hosts) as a mechanism, with or without the {@code +}. */
  private static boolean mentionsMx(String spf) {
    for (String term : spf.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (term.equals("mx") || term.equals("+mx")) {
        return true;
      }
    }
    return false;
  }

  private static String registry(String name) {
    return "_mailpush." + Names.normalize(name);
  }

  private static String ownership(String kind) {
    return "mailpush owns " + kind;
  }

  private boolean owns(WantedRecord w) throws DnsStoreException {
    return read(registry(w.name()), "TXT").stream()
        .anyMatch(r -> r.data().equals(ownership(w.kind())));
  }

  /** Notes in the zone that mailpush wrote this record set, so later runs may correct it. */
  private void claim(WantedRecord w) throws DnsStoreException {
    if (owns(w)) {
      return;
    }
    String name = registry(w.name());
    ZoneBuilder zone = zone(w.name());
    zone.expect(name, "TXT", read(name, "TXT"));
    ZoneRecord note = new ZoneRecord(name, "TXT", ownership(w.kind()));
    if (!zone.adds.contains(note)) {
      zone.adds.add(note);
    }
  }

  private List<ZoneRecord> read(String name, String type) throws DnsStoreException {
    String key = Names.normalize(name) + "/" + type;
    List<ZoneRecord> known = read.get(key);
    if (known == null) {
      known = store.read(name, type);
      read.put(key, known);
    }
    return known;
  }

  private ZoneBuilder zone(String name) throws DnsStoreException {
    String zone = store.zoneOf(name);
    return zones.computeIfAbsent(zone, ZoneBuilder::new);
  }

  private Check check(WantedRecord w, Status status, String message, String fix) {
    return new Check(w.subject(), w.check(), status, null, null, fix, message);
  }

  private static String describe(List<ZoneRecord> records) {
    if (records.isEmpty()) {
      return "none";
    }
    return String.join(", ", records.stream().map(r -> abbreviate(r.data())).toList());
  }

  /** A DKIM key is 400 characters: its start and end tell records apart in a report line. */
  private static String abbreviate(String data) {
    return data.length() <= 90
        ? data
        : data.substring(0, 60) + "..." + data.substring(data.length() - 16);
  }

  /** One zone's update as it is put together. */
  private static final class ZoneBuilder {
    final String zone;
    final Map<String, List<ZoneRecord>> expected = new LinkedHashMap<>();
    final List<ZoneRecord> deletes = new ArrayList<>();
    final List<ZoneRecord> adds = new ArrayList<>();

    ZoneBuilder(String zone) {
      this.zone = zone;
    }

    void expect(String name, String type, List<ZoneRecord> current) {
      expected.putIfAbsent(Names.normalize(name) + "/" + type, current);
    }

    ZoneChange build() {
      return new ZoneChange(zone, expected, deletes, adds);
    }
  }
}
