package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.Probe;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.playbook.CompiledTasks;
import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import dev.mailpush.tasks.ConditionalTask;
import dev.mailpush.tasks.PackagesTask;
import dev.mailpush.tasks.ServiceTask;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code facts}: one probe per host for its distribution and the mail stack's packages and
 * services, which are read from the built-in playbook as compiled for that host (so the list never
 * drifts from what deploy installs).
 */
final class FactGathering {
  private final RunContext context;

  FactGathering(RunContext context) {
    this.context = context;
  }

  List<HostFactsResult> run(List<HostConfig> hosts) {
    Playbook mailserver = Playbooks.mailserver();
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
      return FanOut.map(hosts, 50, h -> gather(ssh, h, mailserver));
    }
  }

  /**
   * The services deploy keeps running on {@code host} (timers aside), as its playbook says; one
   * that only some releases run (a task with when_version) is marked {@code ?unit}: it counts where
   * it is enabled at boot.
   */
  static List<String> services(HostConfig host) {
    Set<String> units = new TreeSet<>();
    stack(host, Playbooks.mailserver())
        .services()
        .forEach((unit, versioned) -> units.add(versioned ? "?" + unit : unit));
    return List.copyOf(units);
  }

  /**
   * The packages and services of the built-in playbook as compiled for {@code host}; each service
   * says whether only some releases run it (its task has a when_version).
   */
  private record Stack(Set<String> packages, Map<String, Boolean> services) {}

  private static Stack stack(HostConfig host, Playbook mailserver) {
    Set<String> packages = new TreeSet<>(Set.of("openssh-server"));
    Map<String, Boolean> services = new TreeMap<>();
    for (PlayTask pt : PlaybookCompiler.compile(mailserver, host).tasks()) {
      boolean versioned = pt.task() instanceof ConditionalTask;
      // Every variant a version may select: facts asks about all of them, whatever is installed.
      for (Task t : CompiledTasks.candidates(pt.task())) {
        if (t instanceof PackagesTask p) {
          packages.addAll(p.packages());
        } else if (t instanceof ServiceTask s && s.running() && !s.unit().endsWith(".timer")) {
          services.merge(s.unit(), versioned, Boolean::logicalAnd);
        }
      }
    }
    return new Stack(packages, services);
  }

  private static HostFactsResult gather(SshConnector ssh, HostConfig host, Playbook mailserver) {
    Stack stack = stack(host, mailserver);
    Set<String> packages = stack.packages();
    Set<String> services = stack.services().keySet();
    FactQuery query = FactQuery.packages(packages).plus(FactQuery.services(services));
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      return new HostFactsResult(
          host,
          java.util.Optional.of(Probe.gather(s, query)),
          "",
          List.copyOf(packages),
          List.copyOf(services),
          mailboxes(s, host));
    } catch (MailpushException e) {
      return new HostFactsResult(
          host,
          java.util.Optional.empty(),
          e.getMessage(),
          List.copyOf(packages),
          List.copyOf(services),
          List.of());
    }
  }

  /** With quotas: how full each mail user's mailbox is, in one more command. */
  private static List<MailboxUsage> mailboxes(HostSession s, HostConfig host) {
    if (!host.mail().hasQuota()) {
      return List.of();
    }
    List<String> users = host.mail().mailUsers();
    List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c"));
    argv.add("for u; do echo \"mailbox\t$u\"; doveadm -f tab quota get -u \"$u\" 2>&1; done");
    argv.add("sh");
    argv.addAll(users);
    ExecResult r = s.exec(ExecRequest.root(argv));
    return MailboxUsage.parse(r.stdoutText());
  }
}
