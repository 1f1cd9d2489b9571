package dev.mailpush.dkim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One domain's DKIM keys on a host: its {@link DkimState} and the record file ({@code
 * SELECTOR.txt}) of each selector the state names, empty where the host has none.
 *
 * @param signing the selector that signs (the state's, else the inventory's)
 */
public record DomainKeys(String signing, DkimState state, Map<String, Optional<String>> records) {
  public DomainKeys {
    records = Map.copyOf(records);
  }

  /** What a key is for. */
  public enum Role {
    /** Signs now: its record must be published. */
    SIGNING,
    /** Made by a rotation, not signing until its record is visible. */
    PENDING,
    /** Signed until a rotation switched; its record stays for the grace period. */
    RETIRING
  }

  /** One selector of the domain. */
  public record Key(String selector, Role role, Optional<String> record) {}

  /** A host that has only the inventory's key (no state file). */
  public static DomainKeys only(String selector, Optional<String> record) {
    return new DomainKeys(selector, DkimState.none(), Map.of(selector, record));
  }

  /** Every selector whose record DNS must hold now: the signing one first. */
  public List<Key> keys() {
    Map<String, Role> roles = new LinkedHashMap<>();
    roles.put(signing, Role.SIGNING);
    state.pending().ifPresent(p -> roles.putIfAbsent(p, Role.PENDING));
    state.retiring().ifPresent(r -> roles.putIfAbsent(r.selector(), Role.RETIRING));
    List<Key> out = new ArrayList<>();
    roles.forEach(
        (s, role) -> out.add(new Key(s, role, records.getOrDefault(s, Optional.empty()))));
    return out;
  }

  /** The selectors whose record files are wanted for this state. */
  public static List<String> selectors(String signing, DkimState state) {
    return new DomainKeys(signing, state, Map.of()).keys().stream().map(Key::selector).toList();
  }

  public Optional<String> record(String selector) {
    return records.getOrDefault(selector, Optional.empty());
  }
}
