package dev.mailpush.dns;

import java.util.List;
import java.util.Objects;

/**
 * One DNS record as {@code dns apply} compares them: the owner name (lower case, no trailing dot),
 * the type, and the data in a form that compares by meaning: MX {@code "10 mx1.example.com"}, SRV
 * {@code "10 1 465 mx1.example.com"}, an address as written by {@link java.net.InetAddress}, a TXT
 * record's strings joined.
 */
public record ZoneRecord(String name, String type, String data) {
  public ZoneRecord {
    name = Names.normalize(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }

  /** The record as a zone-file line with this TTL. */
  public String line(int ttl) {
    String rdata =
        switch (type) {
          case "TXT" -> String.join(" ", Zone.quoted(data));
          case "MX" -> {
            String[] p = data.split(" ", 2);
            yield p[0] + " " + Names.fqdn(p[1]);
          }
          case "SRV" -> {
            String[] p = data.split(" ", 4);
            yield p[0] + " " + p[1] + " " + p[2] + " " + Names.fqdn(p[3]);
          }
          default -> data;
        };
    return Names.fqdn(name) + " " + ttl + " IN " + type + " " + rdata;
  }

  /** The records of this name and type among {@code records}. */
  static List<ZoneRecord> of(List<ZoneRecord> records, String name, String type) {
    return records.stream()
        .filter(r -> r.name.equals(Names.normalize(name)) && r.type.equals(type))
        .toList();
  }
}
