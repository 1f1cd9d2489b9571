package dev.mailpush.api;

import dev.mailpush.Printable;
import dev.mailpush.StateRoot;
import dev.mailpush.dns.DnsjavaLookup;
import dev.mailpush.engine.EventSink;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.DnsConfig;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.inventory.InventoryLoader;
import dev.mailpush.playbook.Playbook;
import dev.mailpush.report.Check;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * mailpush as a library: load an inventory, choose hosts, and deploy, check, verify, report on DNS
 * or read facts, in whatever order a rollout script wants. The CLI is a thin layer over this class.
 *
 * <pre>{@code
 * Mailpush mailpush = new Mailpush(RunContext.system());
 * Inventory inventory = mailpush.load(Path.of("inventory.toml"));
 * List<HostConfig> canary = Mailpush.select(inventory, List.of("mx1"));
 * RunResult deployed = mailpush.deploy(canary, RunOptions.defaults(), event -> System.out.println(event));
 * VerifyResult verified = mailpush.verify(canary, VerifySettings.defaults());
 * if (!deployed.ok() || verified.failed()) { ... stop the rollout ... }
 * }</pre>
 *
 * Every method validates all it is given before any host is contacted (an {@link
 * dev.mailpush.inventory.InventoryException} or a {@link UsageException}); failures on hosts are
 * part of the result, not exceptions. Methods may be called from several threads.
 */
public final class Mailpush {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9a-f]{8,64}");

  private final RunContext context;

  public Mailpush(RunContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  public RunContext context() {
    return context;
  }

  /** The inventory, validated whole: every problem at once, each with file:line and a fix. */
  public Inventory load(Path inventoryFile) {
    return new InventoryLoader(context.home()).load(inventoryFile);
  }

  /** The named hosts in inventory order; all of them for an empty list. */
  public static List<HostConfig> select(Inventory inventory, List<String> names) {
    if (names.isEmpty()) {
      return inventory.hosts();
    }
    Set<String> wanted = new LinkedHashSet<>(names);
    List<HostConfig> chosen =
        inventory.hosts().stream().filter(h -> wanted.remove(h.name())).toList();
    if (!wanted.isEmpty()) {
      throw new UsageException(
          "--limit names hosts that are not in " + inventory.source() + ": " + wanted,
          "known hosts: " + inventory.hosts().stream().map(HostConfig::name).toList());
    }
    return chosen;
  }

  /** The built-in mail server playbook on each host; {@code options.check()} changes nothing. */
  public RunResult deploy(List<HostConfig> hosts, RunOptions options, EventSink listener) {
    return run(hosts, Playbooks.mailserver(), options, listener);
  }

  /**
   * {@link #deploy(List, RunOptions, EventSink)}, a certificate order looking up the hosts' TLSA
   * records through the inventory's {@code [dns]} server when it has one.
   */
  public RunResult deploy(
      Inventory inventory, List<HostConfig> hosts, RunOptions options, EventSink listener) {
    return run(inventory, hosts, Playbooks.mailserver(), options, listener);
  }

  /**
   * {@link #deploy} in check mode: what would change on each host (a converged host changes
   * nothing).
   */
  public RunResult check(List<HostConfig> hosts, EventSink listener) {
    RunOptions o = RunOptions.defaults();
    return deploy(
        hosts, new RunOptions(true, false, o.forks(), null, o.maxFailPercent()), listener);
  }

  /** Any playbook ({@link Playbooks#load}) on each host. */
  public RunResult run(
      List<HostConfig> hosts, Playbook playbook, RunOptions options, EventSink listener) {
    return run(Optional.empty(), hosts, playbook, options, listener);
  }

  /** The same, TLSA looked up through the inventory's {@code [dns]} server when it has one. */
  public RunResult run(
      Inventory inventory,
      List<HostConfig> hosts,
      Playbook playbook,
      RunOptions options,
      EventSink listener) {
    return run(inventory.dns(), hosts, playbook, options, listener);
  }

  private RunResult run(
      Optional<DnsConfig> dns,
      List<HostConfig> hosts,
      Playbook playbook,
      RunOptions options,
      EventSink listener) {
    return new PlayRun(context)
        .run(Plays.bind(playbook, hosts, acme(false, dns)), hosts, options, listener);
  }

  /**
   * Only the ACME certificates of the mail server playbook, issued or renewed when due (or always
   * with force).
   */
  public RunResult certs(
      List<HostConfig> hosts, boolean force, RunOptions options, EventSink listener) {
    return certs(Optional.empty(), hosts, force, options, listener);
  }

  /**
   * The same, an order looking up the host's TLSA records (to choose its key) through the
   * inventory's {@code [dns]} server when it has one.
   */
  public RunResult certs(
      Inventory inventory,
      List<HostConfig> hosts,
      boolean force,
      RunOptions options,
      EventSink listener) {
    return certs(inventory.dns(), hosts, force, options, listener);
  }

  private RunResult certs(
      Optional<DnsConfig> dns,
      List<HostConfig> hosts,
      boolean force,
      RunOptions options,
      EventSink listener) {
    return new PlayRun(context)
        .run(
            Plays.certificates(Playbooks.mailserver(), hosts, acme(force, dns)),
            hosts,
            options,
            listener);
  }

  /** Each host from outside, over the network, as mail clients and other servers see it. */
  public VerifyResult verify(List<HostConfig> hosts, VerifySettings settings) {
    return new Verification(context).run(hosts, settings);
  }

  /**
   * Every DNS record the domains and hosts need, each with the zone-file line to publish when it is
   * wrong.
   */
  public List<Check> dnsReport(List<HostConfig> hosts, DnsSettings settings) {
    return new DnsReporting(context).run(hosts, settings);
  }

  /**
   * What each host is: its distribution, the mail stack's packages and services; one probe per
   * host.
   */
  public List<HostFactsResult> facts(List<HostConfig> hosts) {
    return new FactGathering(context).run(hosts);
  }

  /**
   * How each deployed host is now, read-only: services, listeners, queue, disk, certificate, DKIM
   * keys, bans, the last backup, pending updates and the release's support; one check each, with
   * the fix for a problem.
   */
  public List<Check> status(List<HostConfig> hosts, int forks) {
    return new HostStatus(context).run(hosts, forks);
  }

  /** The queue and disk figures of past status runs, kept in the state directory. */
  public StatusHistory statusHistory() {
    return new StatusHistory(
        StateRoot.fromEnvironment(context.environment(), context.home()).path().resolve("status"));
  }

  /**
   * A backup of each host now, with restic into its {@code [backup]} repository (the same as the
   * daily timer's); one check per step.
   */
  public List<Check> backup(List<HostConfig> hosts, int forks) {
    return new HostBackups(context).run(hosts, List.of("run"), forks);
  }

  /** Each host's last backup, its timer and the snapshots in the repository. */
  public List<Check> backupStatus(List<HostConfig> hosts, int forks) {
    return new HostBackups(context).run(hosts, List.of("status"), forks);
  }

  /**
   * A snapshot back onto one host (the latest of that host when {@code snapshot} is empty): mail is
   * merged (a second restore adds nothing), DKIM keys and a valid certificate come back.
   */
  public List<Check> restore(HostConfig host, String snapshot) {
    if (!snapshot.isEmpty() && !SNAPSHOT_ID.matcher(snapshot).matches()) {
      throw new UsageException(
          "--snapshot \"" + Printable.inline(snapshot) + "\" is not a snapshot ID",
          "give an ID from `mailpush backup INVENTORY --status` (8 to 64 hex digits), or leave it"
              + " out for the latest");
    }
    List<String> args = snapshot.isEmpty() ? List.of("restore") : List.of("restore", snapshot);
    List<Check> checks =
        new java.util.ArrayList<>(new HostBackups(context).run(List.of(host), args, 1));
    // The keys came back with their state files, which may name a rotated key: the tables follow.
    if (checks.stream().noneMatch(Check::failed) && !DkimRotation.openDkim(this, host).ok()) {
      checks.add(
          new Check(
              dev.mailpush.report.Subject.host(host.name()),
              "dkim",
              dev.mailpush.report.Status.FAIL,
              null,
              null,
              "mailpush deploy INVENTORY --limit " + host.name(),
              "the OpenDKIM tables do not follow the restored DKIM keys"));
    }
    return checks;
  }

  /**
   * Moves a live server to a new one: deploys {@code to}, moves the DKIM keys, copies every mailbox
   * with dsync while {@code from} still receives, then makes {@code from} answer 4xx on port 25,
   * delivers its queue and syncs once more; ends with the DNS changes to make. Each check goes to
   * {@code progress} as it is made. Safe to run again after an interruption.
   */
  public List<Check> migrate(
      HostConfig from, HostConfig to, java.util.function.Consumer<Check> progress) {
    if (from.name().equals(to.name())) {
      throw new UsageException(
          "--from and --to are the same host (" + from.name() + ")",
          "name the old server with --from and the new one with --to");
    }
    return new Migration(this, context).run(from, to, progress);
  }

  /**
   * Publishes what {@code dnsReport} checks, through the inventory's {@code [dns]} server (RFC 2136
   * with TSIG): MX, SPF, DKIM, DMARC, TLS-RPT, client SRV records, the hosts' addresses and, in
   * DNSSEC-signed zones, their TLSA records. Only records mailpush wrote or that are missing
   * change, unless {@code force}; with {@code check} nothing is sent.
   *
   * @throws UsageException when the inventory has no {@code [dns]}
   */
  public DnsApplyResult dnsApply(
      Inventory inventory, List<HostConfig> hosts, boolean check, boolean force) {
    dev.mailpush.inventory.DnsConfig dns =
        inventory
            .dns()
            .orElseThrow(
                () ->
                    new UsageException(
                        "the inventory has no [dns]: mailpush does not know where to publish",
                        "add [dns] with server, tsig_key_name and tsig_secret_file (see"
                            + " inventory.example.toml), or publish what dns-report prints by hand"));
    return new DnsPublishing(context).run(hosts, dns, check, force);
  }

  /**
   * {@code dkim rotate}: on each host and domain, the DKIM key rotation moved on as far as is safe
   * (a new key; its record published through {@code [dns]}, or printed to publish; signing switched
   * once the name servers answer with it; the old key and record removed after the grace period).
   * Each check says what was done or what the next run waits for; with {@code settings.check()}
   * nothing changes.
   *
   * @param inventory the whole inventory: a domain other hosts serve too gets per-host selectors
   */
  public List<Check> dkimRotate(
      Inventory inventory, List<HostConfig> hosts, DkimRotateSettings settings) {
    return new DkimRotation(context, this).run(inventory.hosts(), hosts, inventory.dns(), settings);
  }

  /**
   * One host to the next Debian release: a backup first (with {@code [backup]}), port 25 answering
   * 4xx meanwhile, apt full-upgrade keeping mailpush's files, deploy, verify (with {@code verify}'s
   * settings). Each check goes to {@code progress} as it is made; a host already on the newest
   * known release is left alone.
   */
  public List<Check> upgrade(
      HostConfig host, VerifySettings verify, java.util.function.Consumer<Check> progress) {
    return new ReleaseUpgrade(this, context).run(host, verify, progress);
  }

  /**
   * The run's ACME options; an order looks up the host's TLSA records on the {@code [dns]} server
   * (the primary: it sees what dns apply just wrote), else through this machine's resolvers.
   */
  private dev.mailpush.tls.AcmeOptions acme(boolean force, Optional<DnsConfig> dns) {
    dev.mailpush.tls.AcmeOptions options =
        dev.mailpush.tls.AcmeOptions.of(context.environment(), context.home(), context.clock())
            .withForce(force);
    if (dns.isEmpty()) {
      return options;
    }
    try {
      return options.withDane(DnsjavaLookup.server(dns.get().server(), dns.get().port()));
    } catch (IllegalArgumentException unresolvable) {
      // The order then warns that it could not look the records up.
      return options;
    }
  }
}
