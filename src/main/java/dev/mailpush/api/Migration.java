package dev.mailpush.api;

import dev.mailpush.MailpushException;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.MailConfig;
import dev.mailpush.report.Check;
import dev.mailpush.report.Status;
import dev.mailpush.report.Subject;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.RemoteProcess;
import dev.mailpush.ssh.SshConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code migrate}: a live server moved to a new one. NEW is deployed; the DKIM keys move; every
 * mailbox, each user's and each shared one, is copied with Dovecot's dsync while OLD keeps
 * receiving (the admin machine relays the dsync stream between the two SSH sessions); then OLD
 * answers 4xx on port 25, its queue is delivered, and a last incremental sync takes what arrived
 * meanwhile. Every phase is safe to repeat, so after an interruption the same command starts over
 * and ends in the same state.
 */
final class Migration {
  private static final HelperScript HELPER = HelperScript.migrate();
  private static final String RETRY = HELPER.retry();

  private final Mailpush mailpush;
  private final RunContext context;

  Migration(Mailpush mailpush, RunContext context) {
    this.mailpush = mailpush;
    this.context = context;
  }

  /** The checks of every phase, each also given to {@code progress} as it is made. */
  List<Check> run(HostConfig from, HostConfig to, Consumer<Check> progress) {
    List<Check> checks = new ArrayList<>();
    Consumer<Check> report =
        c -> {
          checks.add(c);
          progress.accept(c);
        };
    RunResult deployed = mailpush.deploy(List.of(to), RunOptions.defaults(), event -> {});
    if (!deployed.ok()) {
      report.accept(
          fail(
              to,
              "deploy",
              "deploy of " + to.name() + " failed",
              "mailpush deploy INVENTORY --limit " + to.name()));
      return checks;
    }
    report.accept(ok(to, "deploy", to.name() + " deployed (" + deployed.changed() + " changed)"));
    List<String> users = new ArrayList<>(from.mail().mailUsers());
    List<String> staying = users.stream().filter(u -> !to.mail().mailUsers().contains(u)).toList();
    users.removeAll(staying);
    List<SyncTarget> targets = new ArrayList<>(users.stream().map(SyncTarget::user).toList());
    targets.addAll(sharedMailboxes(from, to, report));
    if (!staying.isEmpty()) {
      report.accept(
          new Check(
              Subject.host(from.name()),
              "users",
              Status.WARN,
              null,
              null,
              "add them to " + to.name() + "'s [mail] and run migrate again",
              "not mail users of "
                  + to.name()
                  + ", their mail stays on "
                  + from.name()
                  + ": "
                  + staying));
    }
    try (SshConnector ssh = new SshConnector(context.credentials(), context.home());
        HostSession old = ssh.open(from.name(), from.address(), from.ssh());
        HostSession fresh = ssh.open(to.name(), to.address(), to.ssh())) {
      HELPER.install(old);
      HELPER.install(fresh);
      if (moveDkimKeys(old, fresh, from, to, report)) {
        signWithTheMovedKeys(to, report);
      }
      for (SyncTarget target : targets) {
        sync(old, fresh, from, to, target, false, report);
      }
      String frozen = HELPER.run(old, "freeze").stdoutText().strip();
      report.accept(
          ok(
              from,
              "freeze",
              (frozen.equals("already") ? "port 25 already answers" : "port 25 now answers")
                  + " 450 (senders retry later); a deploy of "
                  + from.name()
                  + " undoes it"));
      int queued = Integer.parseInt(HELPER.run(old, "flush").stdoutText().strip());
      report.accept(
          queued == 0
              ? ok(from, "queue", "the queue is empty: everything received is in the mailboxes")
              : new Check(
                  Subject.host(from.name()),
                  "queue",
                  Status.WARN,
                  queued + " queued",
                  "0",
                  "keep " + from.name() + " running until postqueue -p on it shows an empty queue",
                  queued
                      + " messages still queued for other servers (deferred); "
                      + from.name()
                      + " keeps retrying them"));
      for (SyncTarget target : targets) {
        sync(old, fresh, from, to, target, true, report);
      }
    } catch (MailpushException e) {
      report.accept(fail(to, "migrate", e.getMessage(), RETRY));
      return checks;
    }
    dnsChanges(from, to).forEach(report);
    return checks;
  }

  /**
   * The shared mailboxes both inventories have, each synced as the readers it has on both hosts
   * (Dovecot opens the namespace for its readers only); a WARN for those whose mail stays on OLD.
   */
  private static List<SyncTarget> sharedMailboxes(
      HostConfig from, HostConfig to, Consumer<Check> report) {
    List<SyncTarget> targets = new ArrayList<>();
    List<String> staying = new ArrayList<>();
    from.mail()
        .sharedMailboxes()
        .forEach(
            (name, box) -> {
              MailConfig.SharedMailbox there = to.mail().sharedMailboxes().get(name);
              List<String> readers =
                  there == null
                      ? List.of()
                      : box.users().stream().filter(there.users()::contains).toList();
              if (readers.isEmpty()) {
                staying.add(name);
              } else {
                targets.add(SyncTarget.shared(name, readers));
              }
            });
    if (!staying.isEmpty()) {
      report.accept(
          new Check(
              Subject.host(from.name()),
              "shared",
              Status.WARN,
              null,
              null,
              "add them to "
                  + to.name()
                  + "'s [mail.shared_mailboxes], with a user they have on both, and run migrate"
                  + " again",
              "shared mailboxes not on "
                  + to.name()
                  + " with a reader of both, their mail stays on "
                  + from.name()
                  + ": "
                  + staying));
    }
    return targets;
  }

  /**
   * The keys came with OLD's state files, which may name a rotated key: NEW's tables follow them
   * now, not at its next deploy (NEW's own first key is published nowhere).
   */
  private void signWithTheMovedKeys(HostConfig to, Consumer<Check> report) {
    RunResult r = DkimRotation.openDkim(mailpush, to);
    if (!r.ok()) {
      throw new MailpushException(
          "the OpenDKIM tables of " + to.name() + " do not follow the moved keys", RETRY);
    }
  }

  /** True when the keys changed on NEW. */
  private static boolean moveDkimKeys(
      HostSession old, HostSession fresh, HostConfig from, HostConfig to, Consumer<Check> report) {
    byte[] keys = HELPER.run(old, "dkim-export").stdout();
    ExecResult imported = fresh.exec(ExecRequest.root(HELPER.argv("dkim-import"), keys));
    if (!imported.succeeded()) {
      throw new MailpushException("DKIM keys not moved: " + imported.stderrText().strip(), RETRY);
    }
    boolean changed = imported.stdoutText().strip().equals("changed");
    report.accept(
        ok(
            to,
            "dkim",
            changed
                ? "the DKIM keys of "
                    + from.name()
                    + " now sign on "
                    + to.name()
                    + ": the published records stay valid"
                : "the DKIM keys are already those of " + from.name()));
    return changed;
  }

  /**
   * One target's mailboxes from OLD into NEW: NEW's {@code doveadm sync -1 -R} (one-way, nothing on
   * either side removed) talks to OLD's {@code doveadm dsync-server} through this machine, once per
   * user the target names.
   */
  private static void sync(
      HostSession old,
      HostSession fresh,
      HostConfig from,
      HostConfig to,
      SyncTarget target,
      boolean last,
      Consumer<Check> report) {
    String phase = last ? "final sync" : "sync";
    long t0 = System.nanoTime();
    for (String user : target.users()) {
      ExecResult[] results = dsync(old, fresh, user, target.dsyncOptions());
      // Exit 2: the sync ran, but mail changing meanwhile (OLD still receives) left a desync, e.g.
      // a UID conflict. Dovecot's advice: harmless for a sync before the last (the next one takes
      // the change), to be run again for the last one; running it again converges.
      for (int again = 0; again < DSYNC_RETRIES && desynced(results); again++) {
        results = dsync(old, fresh, user, target.dsyncOptions());
      }
      boolean synced = results[1].succeeded() || (desynced(results) && !last);
      if (!synced || !results[0].succeeded()) {
        throw new MailpushException(
            phase
                + " of "
                + target.label()
                + (target.users().equals(List.of(target.label())) ? "" : " as " + user)
                + " failed: "
                + (results[1].stderrText() + " " + results[0].stderrText()).strip(),
            RETRY);
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int onOld = count(old, target);
    int onNew = count(fresh, target);
    // While OLD still receives, mail arriving after the copy is normal: the final sync takes it.
    // Once OLD is frozen and its queue delivered, NEW must have all of it.
    boolean complete = onNew >= onOld;
    Status status = complete ? Status.OK : last ? Status.FAIL : Status.OK;
    String meanwhile =
        complete || last
            ? ""
            : "; " + (onOld - onNew) + " arrived meanwhile, the final sync takes them";
    report.accept(
        new Check(
            Subject.host(to.name()),
            phase + " " + target.label(),
            status,
            String.valueOf(onNew),
            ">= " + onOld,
            status == Status.OK ? null : RETRY,
            onOld
                + " messages on "
                + from.name()
                + ", "
                + onNew
                + " on "
                + to.name()
                + " ("
                + ms
                + " ms)"
                + meanwhile));
  }

  private static final int DSYNC_RETRIES = 3;

  /** One dsync run: NEW's client against OLD's server, relayed here; both results. */
  private static ExecResult[] dsync(
      HostSession old, HostSession fresh, String user, List<String> options) {
    RemoteProcess server =
        old.start(ExecRequest.root(List.of("doveadm", "dsync-server", "-u", user)));
    List<String> client = new ArrayList<>(List.of("doveadm", "sync", "-1", "-R", "-u", user));
    client.addAll(options);
    client.add(HELPER.path() + " relay");
    return RemoteProcess.relay(server, fresh.start(ExecRequest.root(client)));
  }

  private static boolean desynced(ExecResult[] results) {
    return results[1].exitCode() == 2;
  }

  private static int count(HostSession session, SyncTarget target) {
    return Integer.parseInt(
        HELPER.run(session, target.count().toArray(String[]::new)).stdoutText().strip());
  }

  /** What the admin changes in DNS now; DKIM records stay, the keys moved with the mail. */
  private static List<Check> dnsChanges(HostConfig from, HostConfig to) {
    List<Check> dns = new ArrayList<>();
    for (String domain : to.mail().virtualDomains()) {
      dns.add(
          new Check(
              Subject.of(domain, to.name()),
              "dns-mx",
              Status.INFO,
              from.hostname(),
              to.hostname(),
              domain + ". IN MX 10 " + to.hostname() + ".",
              "point the MX of "
                  + domain
                  + " at "
                  + to.hostname()
                  + " (instead of "
                  + from.hostname()
                  + ")"));
    }
    for (String address : to.publishedAddresses()) {
      String type = address.contains(":") ? "AAAA" : "A";
      dns.add(
          new Check(
              Subject.host(to.name()),
              "dns-address",
              Status.INFO,
              null,
              address,
              to.hostname() + ". IN " + type + " " + address,
              to.hostname() + " must resolve to the new server"));
      dns.add(
          new Check(
              Subject.host(to.name()),
              "dns-ptr",
              Status.INFO,
              null,
              to.hostname(),
              "reverse DNS (PTR) of " + address + " -> " + to.hostname() + " (set at the provider)",
              "receivers check that the new address names the new host"));
    }
    dns.add(
        new Check(
            Subject.host(to.name()),
            "dns-spf",
            Status.INFO,
            null,
            null,
            "\"v=spf1 mx -all\" covers the new MX; an SPF record that names the old server's"
                + " address ("
                + String.join(", ", from.publishedAddresses())
                + ") must name "
                + String.join(", ", to.publishedAddresses()),
            "SPF must allow the new server's address; DKIM records stay as they are (the keys moved)"));
    return dns;
  }

  private static Check ok(HostConfig host, String check, String message) {
    return new Check(Subject.host(host.name()), check, Status.OK, null, null, null, message);
  }

  private static Check fail(HostConfig host, String check, String message, String fix) {
    return new Check(Subject.host(host.name()), check, Status.FAIL, null, null, fix, message);
  }
}
