package dev.mailpush.api;

import dev.mailpush.facts.HostFacts;
import dev.mailpush.inventory.HostConfig;
import java.util.List;
import java.util.Optional;

/**
 * What {@code facts} learned about one host, or why nothing could be learned.
 *
 * @param facts the probe's answer; empty when the host could not be reached ({@code error} says
 *     why)
 * @param packages the mail stack's packages asked about (those the built-in playbook installs)
 * @param services the mail stack's services asked about (those the built-in playbook runs)
 */
public record HostFactsResult(
    HostConfig host,
    Optional<HostFacts> facts,
    String error,
    List<String> packages,
    List<String> services,
    List<MailboxUsage> mailboxes) {
  public HostFactsResult {
    packages = List.copyOf(packages);
    services = List.copyOf(services);
    mailboxes = List.copyOf(mailboxes);
  }

  public boolean reached() {
    return facts.isPresent();
  }
}
