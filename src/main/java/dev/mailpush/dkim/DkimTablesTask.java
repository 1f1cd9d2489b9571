package dev.mailpush.dkim;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.engine.TaskFailure;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.tasks.ConfigTask;
import dev.mailpush.tasks.FileSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenDKIM's KeyTable and SigningTable with the selector each domain signs with as the host keeps
 * it ({@link DkimState}, written by {@code dkim rotate}), the inventory's {@code dkim_selector}
 * where it keeps none: a deploy after a rotation goes on signing with the rotated key. The files
 * are the playbook's templates, rendered when planned (the selectors are a fact of the host) and
 * validated with {@code opendkim -n} before OpenDKIM sees them.
 *
 * @param domains the virtual domains, in inventory order
 * @param inventorySelector the inventory's {@code dkim_selector}
 * @param tables renders both files for a selector per domain
 * @param validator the command that checks the configuration with the new tables
 */
public record DkimTablesTask(
    String name,
    List<String> domains,
    String inventorySelector,
    Tables tables,
    List<String> validator)
    implements Task {

  /** The files for a selector per domain (in domain order). */
  @FunctionalInterface
  public interface Tables {
    List<FileSpec> render(Map<String, String> selectorByDomain);
  }

  public DkimTablesTask {
    domains = List.copyOf(domains);
    validator = List.copyOf(validator);
  }

  /** The selectors a host with no state signs with: the inventory's everywhere. */
  public Map<String, String> inventorySelectors() {
    Map<String, String> m = new LinkedHashMap<>();
    domains.forEach(d -> m.put(d, inventorySelector));
    return m;
  }

  @Override
  public FactQuery needs() {
    Set<String> states = new LinkedHashSet<>();
    domains.forEach(d -> states.add(DkimState.path(d)));
    return FactQuery.contents(states).plus(files(inventorySelectors()).needs());
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    return files(signing(facts)).plan(facts, distro);
  }

  /** Per domain, the selector that signs on this host. */
  public Map<String, String> signing(HostFacts facts) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String d : domains) {
      String path = DkimState.path(d);
      DkimState state;
      try {
        state =
            facts
                .content(path)
                .map(b -> DkimState.parse(new String(b, StandardCharsets.UTF_8), path))
                .orElse(DkimState.none());
      } catch (IllegalArgumentException e) {
        throw new TaskFailure(
            e.getMessage(),
            "correct or remove " + path + " (without it " + inventorySelector + " signs)");
      }
      m.put(d, state.signing(inventorySelector));
    }
    return m;
  }

  private ConfigTask files(Map<String, String> selectors) {
    return new ConfigTask(name, tables.render(selectors), validator);
  }
}
