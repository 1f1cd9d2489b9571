package dev.mailpush.tasks;

import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Shows the admin a small file the host made, such as the DKIM record to publish. Changes nothing;
 * read with the other facts, so it costs no extra round trip.
 */
public record ReportTask(String name, String path) implements Task {

  @Override
  public FactQuery needs() {
    return FactQuery.contents(Set.of(path));
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    Optional<byte[]> content = facts.content(path);
    if (content.isEmpty()) {
      return new Plan.Skip(path + " does not exist yet");
    }
    return new Plan.Report(
        "shown from " + path, new String(content.get(), StandardCharsets.UTF_8).strip());
  }
}
