package dev.mailpush.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed DNS: names without records of a type answer NoData if the name has any record, else
 * NXDOMAIN.
 */
final class FakeDns implements DnsLookup {
  private final Map<String, List<String>> records = new HashMap<>();
  private final Map<String, DnsAnswer> overrides = new HashMap<>();
  final List<String> asked = new ArrayList<>();

  FakeDns add(String name, RecordType type, String... values) {
    records.computeIfAbsent(key(name, type), k -> new ArrayList<>()).addAll(List.of(values));
    return this;
  }

  FakeDns answer(String name, RecordType type, DnsAnswer answer) {
    overrides.put(key(name, type), answer);
    return this;
  }

  private static String key(String name, RecordType type) {
    return type + " " + Names.normalize(name);
  }

  @Override
  public DnsAnswer query(String name, RecordType type) {
    String k = key(name, type);
    asked.add(k);
    if (overrides.containsKey(k)) {
      return overrides.get(k);
    }
    List<String> v = records.get(k);
    if (v != null) {
      return new DnsAnswer.Records(v);
    }
    String n = Names.normalize(name);
    boolean exists =
        records.keySet().stream().anyMatch(x -> x.substring(x.indexOf(' ') + 1).equals(n));
    return exists ? new DnsAnswer.NoData() : new DnsAnswer.NxDomain();
  }
}
