package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.dkim.DkimState;
import dev.mailpush.dkim.DomainKeys;
import dev.mailpush.dkim.RotationPlanner;
import dev.mailpush.dkim.RotationStep;
import dev.mailpush.dns.DkimRecords;
import dev.mailpush.dns.DnsApplyPlanner;
import dev.mailpush.dns.DnsLookup;
import dev.mailpush.dns.DnsStoreException;
import dev.mailpush.dns.DnsjavaLookup;
import dev.mailpush.dns.Rfc2136Store;
import dev.mailpush.dns.SshDkimKeySource;
import dev.mailpush.dns.WantedRecord;
import dev.mailpush.dns.WantedRecords;
import dev.mailpush.dns.ZoneChange;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.DnsConfig;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshConnector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code dkim rotate}: per host and domain, {@link RotationPlanner}'s next step, done, then the
 * host's keys read again and the next step decided, until a step waits. Publishing and removing
 * records go through {@code dns apply}'s planner and store (only records mailpush wrote are
 * removed); the switch writes the state file, then runs the OpenDKIM part of the mail server
 * playbook, whose tables follow it ({@code opendkim -n} before the restart).
 */
final class DkimRotation {
  static final HelperScript HELPER =
      new HelperScript(
          "templates/opendkim/mailpush-dkim",
          "/usr/local/sbin/mailpush-dkim",
          "run the same mailpush dkim rotate again: it goes on from where the host is");
  private static final String CHECK = "dkim-rotate";

  /** Far more steps than a rotation has: a guard against a step that changes nothing. */
  private static final int MAX_STEPS = 8;

  private final RunContext context;
  private final Mailpush mailpush;

  DkimRotation(RunContext context, Mailpush mailpush) {
    this.context = context;
    this.mailpush = mailpush;
  }

  List<Check> run(
      List<HostConfig> all,
      List<HostConfig> hosts,
      Optional<DnsConfig> dns,
      DkimRotateSettings settings) {
    settings
        .domain()
        .filter(d -> hosts.stream().noneMatch(h -> served(h, d)))
        .ifPresent(
            d -> {
              throw new UsageException(
                  "--domain " + d + " is not a virtual domain of the chosen hosts",
                  "their domains: "
                      + hosts.stream()
                          .flatMap(h -> h.mail().virtualDomains().stream())
                          .distinct()
                          .toList());
            });
    List<Check> checks = new ArrayList<>();
    Optional<Rfc2136Store> store = Optional.empty();
    if (dns.isPresent()) {
      try {
        store = Optional.of(new Rfc2136Store(dns.get()));
      } catch (DnsStoreException e) {
        // Per host, so each host's table shows why nothing was done.
        for (HostConfig h : hosts) {
          checks.add(
              new Check(
                  Subject.host(h.name()), CHECK, Status.FAIL, null, null, e.fix(), e.getMessage()));
        }
        return checks;
      }
    }
    List<Server> servers = new ArrayList<>();
    dns.ifPresent(
        d ->
            servers.add(
                new Server(
                    "the [dns] server " + d.server() + ":" + d.port(),
                    () -> DnsjavaLookup.server(d.server(), d.port()))));
    settings
        .resolvers()
        .forEach(r -> servers.add(new Server(r, () -> DkimRotateSettings.resolver(r))));
    if (servers.isEmpty()) {
      servers.add(new Server("the system's resolver", DnsjavaLookup::system));
    }
    Optional<Rfc2136Store> st = store;
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home())) {
      for (HostConfig h : hosts) {
        checks.addAll(onHost(ssh, h, all, dns, st, servers, settings));
      }
    }
    return checks;
  }

  private static boolean served(HostConfig h, String domain) {
    return h.mail().virtualDomains().stream().anyMatch(d -> DkimRecords.sameDomain(d, domain));
  }

  private List<Check> onHost(
      SshConnector ssh,
      HostConfig host,
      List<HostConfig> all,
      Optional<DnsConfig> dns,
      Optional<Rfc2136Store> store,
      List<Server> servers,
      DkimRotateSettings settings) {
    List<Check> out = new ArrayList<>();
    try (HostSession s = ssh.open(host.name(), host.address(), host.ssh())) {
      if (!settings.check()) {
        HELPER.install(s);
      }
      for (String domain : host.mail().virtualDomains()) {
        if (settings.domain().isPresent()
            && !DkimRecords.sameDomain(domain, settings.domain().get())) {
          continue;
        }
        boolean shared = all.stream().filter(h -> served(h, domain)).count() > 1;
        new DomainRun(s, host, domain, shared, dns, store, servers, settings, out).run();
      }
    } catch (MailpushException e) {
      out.add(
          new Check(
              Subject.host(host.name()), CHECK, Status.FAIL, null, null, e.hint(), e.getMessage()));
    }
    return out;
  }

  /** One domain of one host, step after step. */
  private final class DomainRun {
    private final HostSession session;
    private final HostConfig host;
    private final String domain;
    private final boolean shared;
    private final Optional<DnsConfig> dns;
    private final Optional<Rfc2136Store> store;
    private final List<Server> servers;
    private final DkimRotateSettings settings;
    private final List<Check> out;
    private final Subject subject;

    DomainRun(
        HostSession session,
        HostConfig host,
        String domain,
        boolean shared,
        Optional<DnsConfig> dns,
        Optional<Rfc2136Store> store,
        List<Server> servers,
        DkimRotateSettings settings,
        List<Check> out) {
      this.session = session;
      this.host = host;
      this.domain = domain;
      this.shared = shared;
      this.dns = dns;
      this.store = store;
      this.servers = servers;
      this.settings = settings;
      this.out = out;
      this.subject = Subject.of(domain, host.name());
    }

    void run() {
      boolean published = false;
      for (int i = 0; i < MAX_STEPS; i++) {
        DomainKeys keys = SshDkimKeySource.read(session, host).get(domain);
        Instant now = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Set<String> taken = new HashSet<>(keys.records().keySet());
        taken.add(host.mail().dkimSelector());
        RotationPlanner.Visibility visibility =
            keys.state().pending().isPresent()
                ? visible(keys.state().pending().get(), keys)
                : new RotationPlanner.Visibility.NotVisible("nothing pending");
        RotationStep step =
            RotationPlanner.next(
                new RotationPlanner.Input(
                    keys,
                    visibility,
                    store.isPresent(),
                    published,
                    i == 0,
                    now,
                    settings.grace(),
                    RotationPlanner.newSelector(
                        RotationPlanner.day(now), host.name(), shared, taken)));
        if (settings.check()) {
          out.add(planned(step));
          return;
        }
        if (!apply(step, keys, now)) {
          return;
        }
        published |= step instanceof RotationStep.Publish;
      }
      out.add(fail("dkim rotate made no progress in " + MAX_STEPS + " steps", HELPER.retry()));
    }

    /** Does one step and reports it; false when the run stops here. */
    private boolean apply(RotationStep step, DomainKeys keys, Instant now) {
      if (step instanceof RotationStep.Generate g) {
        HELPER.run(session, "generate", domain, g.selector());
        writeState(keys.state().withPending(g.selector()));
        out.add(
            ok(
                "new key "
                    + g.selector()
                    + " made on the host; "
                    + keys.signing()
                    + " still signs until the new record is visible"));
        return true;
      }
      if (step instanceof RotationStep.Publish p) {
        return publish(
            p.selector(),
            DkimRecords.value(keys.record(p.selector()).orElse("")).orElse(p.value()));
      }
      if (step instanceof RotationStep.Switch sw) {
        return switchTo(sw, keys, now);
      }
      if (step instanceof RotationStep.Retire r) {
        retire(r, keys);
        return false;
      }
      out.add(planned(step));
      return false;
    }

    /** The record as dns apply wants it too, so the two never disagree. */
    private boolean publish(String selector, String value) {
      WantedRecord w = WantedRecords.dkimRecord(domain, host.name(), selector, value);
      DnsApplyPlanner.Plan plan =
          DnsApplyPlanner.plan(List.of(w), store.get(), false, dns.get().ttl());
      Optional<Check> refused = plan.checks().stream().filter(Check::failed).findFirst();
      if (refused.isPresent()) {
        out.add(fail(refused.get().message(), refused.get().fix()));
        return false;
      }
      for (ZoneChange change : plan.changes()) {
        try {
          store.get().apply(change, dns.get().ttl());
        } catch (DnsStoreException e) {
          out.add(fail(e.getMessage(), e.fix()));
          return false;
        }
      }
      out.add(
          ok(
              "record of the new key "
                  + selector
                  + " sent to "
                  + store.get().describe()
                  + " ("
                  + plan.changes().size()
                  + " update)"));
      return true;
    }

    private boolean switchTo(RotationStep.Switch sw, DomainKeys keys, Instant now) {
      DkimState before = keys.state();
      writeState(before.switched(sw.from(), now));
      RunResultHolder result = runOpenDkim();
      if (!result.ok) {
        writeState(before);
        runOpenDkim();
        out.add(
            fail(
                "signing not switched to "
                    + sw.to()
                    + ": the OpenDKIM tables were refused ("
                    + result.error
                    + "); "
                    + sw.from()
                    + " still signs",
                HELPER.retry()));
        return false;
      }
      out.add(
          ok(
              "signing switched from "
                  + sw.from()
                  + " to "
                  + sw.to()
                  + " (its record was visible with the new key on "
                  + servers.size()
                  + " name server(s)); OpenDKIM restarted; "
                  + sw.from()
                  + " stays published until "
                  + now.plus(settings.grace())));
      return true;
    }

    private void retire(RotationStep.Retire r, DomainKeys keys) {
      String name = DkimRecords.name(r.selector(), domain);
      String removal;
      if (store.isPresent()) {
        WantedRecord gone = new WantedRecord.Gone(subject, "dns-dkim", "DKIM", name, "TXT");
        DnsApplyPlanner.Plan plan =
            DnsApplyPlanner.plan(List.of(gone), store.get(), false, dns.get().ttl());
        for (ZoneChange change : plan.changes()) {
          try {
            store.get().apply(change, dns.get().ttl());
          } catch (DnsStoreException e) {
            out.add(fail(e.getMessage(), e.fix()));
            return;
          }
        }
        plan.checks().stream().filter(c -> c.status() == Status.WARN).forEach(out::add);
        removal =
            plan.changes().isEmpty()
                ? "no record of it to remove"
                : "its record removed from " + store.get().describe();
      } else {
        removal = "remove its record from the zone yourself: " + name + " TXT";
      }
      HELPER.run(session, "remove", domain, r.selector());
      writeState(keys.state().retired());
      out.add(
          ok(
              "the grace period of "
                  + r.selector()
                  + " ended: its private key removed, "
                  + removal
                  + "; rotation complete ("
                  + keys.signing()
                  + " signs)"));
    }

    /** What a waiting step (or, with --check, any step) says. */
    private Check planned(RotationStep step) {
      String would = settings.check() ? "--check: would " : "";
      if (step instanceof RotationStep.Generate g) {
        return info(would + "make a new key " + g.selector() + " (not signing yet)", null);
      }
      if (step instanceof RotationStep.Publish p) {
        return info(
            would
                + "publish "
                + DkimRecords.zoneLine(DkimRecords.name(p.selector(), domain), p.value()),
            null);
      }
      if (step instanceof RotationStep.Switch sw) {
        return info(would + "switch signing from " + sw.from() + " to " + sw.to(), null);
      }
      if (step instanceof RotationStep.Retire r) {
        return info(would + "remove the retired key " + r.selector() + " and its record", null);
      }
      if (step instanceof RotationStep.WaitForRecord w) {
        String line = DkimRecords.zoneLine(DkimRecords.name(w.selector(), domain), w.value());
        return new Check(
            subject,
            CHECK,
            Status.WARN,
            w.reason(),
            null,
            line,
            (store.isPresent()
                    ? "waiting: the record of the new key "
                        + w.selector()
                        + " was sent but is not answered yet; run dkim rotate again later"
                    : "waiting: publish the record of the new key "
                        + w.selector()
                        + " (the line under fix), then run dkim rotate again")
                + "; signing stays on the current key until the record is visible ("
                + w.reason()
                + ")");
      }
      if (step instanceof RotationStep.WaitForGrace g) {
        return info(
            "waiting: the previous key "
                + g.selector()
                + " stays published until "
                + g.until()
                + " (--grace); a run after that removes it",
            null);
      }
      if (step instanceof RotationStep.Broken b) {
        return fail(b.message(), b.fix());
      }
      return info(
          would.isEmpty()
              ? "rotation complete; run dkim rotate again to start the next one"
              : "--check: nothing to do",
          null);
    }

    /**
     * Whether every server asked answers with exactly one DKIM key record at the pending selector,
     * and its key is the host's.
     */
    private RotationPlanner.Visibility visible(String selector, DomainKeys keys) {
      Optional<String> hostP = keys.record(selector).flatMap(DkimRecords::publicKeyOfFile);
      if (hostP.isEmpty()) {
        return new RotationPlanner.Visibility.NotVisible("the host's record has no key");
      }
      String name = DkimRecords.name(selector, domain);
      for (Server server : servers) {
        Optional<String> problem =
            DkimRecords.notServing(server.lookups().get(), server.name(), name, hostP.get());
        if (problem.isPresent()) {
          return new RotationPlanner.Visibility.NotVisible(problem.get());
        }
      }
      return new RotationPlanner.Visibility.Visible();
    }

    private void writeState(DkimState state) {
      ExecResult r =
          session.exec(
              ExecRequest.root(
                  HELPER.argv("state", domain), state.render().getBytes(StandardCharsets.UTF_8)));
      if (!r.succeeded()) {
        throw new MailpushException(
            "cannot write " + DkimState.path(domain) + ": " + r.stderrText().strip(),
            HELPER.retry());
      }
    }

    private RunResultHolder runOpenDkim() {
      RunResult r = openDkim(mailpush, host);
      String error =
          r.bad().stream()
              .map(h -> h.error() == null ? "a task failed" : h.error())
              .findFirst()
              .orElse("");
      return new RunResultHolder(r.ok(), error);
    }

    private Check ok(String message) {
      return new Check(subject, CHECK, Status.OK, null, null, null, message);
    }

    private Check info(String message, String fix) {
      return new Check(subject, CHECK, Status.INFO, null, null, fix, message);
    }

    private Check fail(String message, String fix) {
      return new Check(subject, CHECK, Status.FAIL, null, null, fix, message);
    }
  }

  private record RunResultHolder(boolean ok, String error) {}

  /**
   * The OpenDKIM part of the mail server playbook on one host: its tables rendered from the host's
   * state files again (after a switch, or after keys and state came from elsewhere), checked with
   * {@code opendkim -n}, OpenDKIM restarted when they changed.
   */
  static RunResult openDkim(Mailpush mailpush, HostConfig host) {
    return mailpush.run(
        List.of(host), Playbooks.load("mailserver/opendkim"), RunOptions.defaults(), e -> {});
  }

  /**
   * A name server asked whether the new record is visible, and how the output names it. A lookup
   * remembers its answers, so each question gets a new one: the answer before the update was sent
   * must not stand for the answer after.
   */
  private record Server(String name, Supplier<DnsLookup> lookups) {}
}
