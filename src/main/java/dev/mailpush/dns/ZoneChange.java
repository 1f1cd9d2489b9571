package dev.mailpush.dns;

import java.util.List;
import java.util.Map;

/**
 * One zone's update, sent as one RFC 2136 message: applied only if every RRset it touches still
 * holds what was read ({@code expected}, an empty list meaning "no such RRset"), so a change made
 * meanwhile by someone else is never overwritten.
 *
 * @param zone the zone's name
 * @param expected per RRset touched ({@code name/TYPE}), its records as read
 * @param deletes the records to remove, each exactly as read
 * @param adds the records to add
 */
public record ZoneChange(
    String zone,
    Map<String, List<ZoneRecord>> expected,
    List<ZoneRecord> deletes,
    List<ZoneRecord> adds) {
  public ZoneChange {
    expected = Map.copyOf(expected);
    deletes = List.copyOf(deletes);
    adds = List.copyOf(adds);
  }

  public boolean isEmpty() {
    return deletes.isEmpty() && adds.isEmpty();
  }

  /** The update as zone-file lines: {@code - } for a removal, {@code + } for an addition. */
  public List<String> lines(int ttl) {
    return java.util.stream.Stream.concat(
            deletes.stream().map(r -> "- " + r.line(ttl)),
            adds.stream().map(r -> "+ " + r.line(ttl)))
        .toList();
  }
}
