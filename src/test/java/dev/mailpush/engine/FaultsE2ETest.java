package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailpush.cli.CliRun;
import dev.mailpush.distro.Distro;
import dev.mailpush.distro.PackageLock;
import dev.mailpush.inventory.SshConfig;
import dev.mailpush.testhosts.RequiresDocker;
import dev.mailpush.testhosts.TargetHost;
import dev.mailpush.testhosts.TargetHosts;
import dev.mailpush.testhosts.TestInventory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on real Debian 12 hosts, through the real CLI: the SSH connection cut in the middle of a
 * file write or while a validator runs, a host whose network goes silent mid-write, staging files
 * such cuts leave, a host that is down next to one that refuses the login, the package manager
 * locked by another process, and a full file system. Each must be reported with a reason and a fix,
 * leave no half-written file, and not stop the other hosts.
 */
@RequiresDocker(suites = "bookworm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsE2ETest {
  private static final Path PLAYBOOKS = Path.of("src/test/resources/faults");
  private static final String LARGE = "/etc/faults/large.conf";
  private static final String RESTARTS = "/var/tmp/faults-restarts";
  private static final String SMALL_FS = "/srv/small";
  private static final String VALIDATED_A = "/etc/validated/a.conf";
  private static final String VALIDATED_B = "/etc/validated/b.conf";
  private static final String VALIDATED_RESTARTS = "/var/tmp/validated-restarts";

  /** The pending mark of the handler "record restart" (PendingMark encodes the name). */
  private static final String RESTART_MARK = "record%20restart";

  /**
   * Stalls mailpush's write of {@value #LARGE} on the host it is installed on: a {@code cat}
   * earlier on root's PATH (sudo's secure_path) that, when its output is a mailpush temp file, its
   * parent script writes {@value #LARGE} and /run/faults/stall exists, passes the first KiB, says
   * so, and waits for /run/faults/resume before passing on whatever input is left.
   */
  private static final String STALLING_CAT =
      """
      #!/bin/sh
      case "$(readlink /proc/$$/fd/1) $(tr '\\0' ' ' < /proc/$PPID/cmdline)" in
        */.mailpush.*" /etc/faults/large.conf "*)
          if [ -e /run/faults/stall ]; then
            head -c 1024
            touch /run/faults/stalled
            i=0
            while [ ! -e /run/faults/resume ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
          fi
          ;;
      esac
      exec /bin/cat "$@"
      """;

  @TempDir static Path dir;
  static TargetHosts hosts;
  static TestInventory inventory;

  @BeforeAll
  static void start() {
    TargetHost.Builder plain = TargetHost.builder("bookworm");
    hosts =
        TargetHosts.start(
            List.of(plain, plain, TargetHost.builder("bookworm").tmpfs(SMALL_FS, "size=256k")));
    inventory =
        TestInventory.builder(dir.resolve("three"))
            .host("mx1", hosts.get(0))
            .host("mx2", hosts.get(1))
            .host("mx3", hosts.get(2))
            .write();
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  @Order(1)
  void aConnectionCutMidWriteFailsThatHostOnlyLeavesNoHalfFileAndTheNextRunRestarts()
      throws Exception {
    Path playbook =
        playbookWith("interrupted.toml", "large.conf.mustache", text("new", 300 * 1024));
    byte[] newContent = Files.readAllBytes(playbook.resolveSibling("large.conf.mustache"));
    byte[] oldContent = text("old", 200 * 1024);
    for (TargetHost h : hosts.list()) {
      put(h, LARGE, oldContent);
    }
    TargetHost victim = hosts.get(1);
    put(victim, "/usr/local/bin/cat", STALLING_CAT.getBytes(StandardCharsets.UTF_8));
    victim
        .exec(
            "sh",
            "-c",
            "chmod 755 /usr/local/bin/cat && mkdir -p /run/faults && touch /run/faults/stall")
        .requireSuccess("install the stalling cat");

    long begin = System.nanoTime();
    CompletableFuture<CliRun> running =
        CompletableFuture.supplyAsync(() -> run(playbook, "--json"));
    awaitFile(victim, "/run/faults/stalled", Duration.ofSeconds(90));
    // Every process of admin's SSH sessions dies at once: what a crashed sshd or a dropped link
    // looks like.
    victim
        .exec("pkill", "-KILL", "-f", "sshd: " + TargetHost.ADMIN)
        .requireSuccess("kill admin's sshd sessions");
    long cut = System.nanoTime();
    victim.exec("touch", "/run/faults/resume").requireSuccess("resume");
    CliRun first = running.get(120, TimeUnit.SECONDS);
    long end = System.nanoTime();
    System.out.printf(
        "connection cut after %d ms; run ended %d ms after the cut%n",
        (cut - begin) / 1_000_000, (end - cut) / 1_000_000);
    // The write script on the host outlives the connection for a moment: wait for it before
    // looking.
    awaitNoProcess(victim, "mailpush[-]prev", Duration.ofSeconds(30));
    victim
        .exec("sh", "-c", "rm -f /usr/local/bin/cat; rm -rf /run/faults")
        .requireSuccess("remove the fault");

    assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
    JsonNode recap = first.recap();
    for (String good : List.of("mx1", "mx3")) {
      assertThat(recap.get(good).get("failed").asInt()).as(first.toString()).isZero();
      assertThat(recap.get(good).get("changed").asInt())
          .as(good)
          .isEqualTo(3); // 2 files and the handler
    }
    assertThat(recap.get("mx2").get("failed").asInt()).as(first.toString()).isEqualTo(1);
    JsonNode failed =
        first.tasks("mx2").stream()
            .filter(t -> t.get("status").asText().equals("failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.get("task").asText()).isEqualTo("large file");
    assertThat(failed.get("message").asText()).contains("connection to mx2", "lost");
    assertThat(failed.path("hint").asText())
        .contains("run mailpush again", "old or its new", "record restart");
    assertThat(hostError(first, "mx2"))
        .contains("\"error\":\"connection lost during task \\\"large file\\\"\"");
    System.out.println("reported: " + failed + "\n" + hostError(first, "mx2"));

    for (TargetHost h : hosts.list()) {
      assertThat(h.exec("find", "/etc/faults", "-name", ".mailpush.*").stdout())
          .as("temp files left")
          .isEmpty();
    }
    String onVictim = sha256(victim, LARGE);
    assertThat(onVictim)
        .as("old or new, never a part")
        .isIn(sha256(oldContent), sha256(newContent));
    assertThat(onVictim)
        .as("the cut transfer must not replace the file")
        .isEqualTo(sha256(oldContent));
    assertThat(sha256(hosts.get(0), LARGE)).isEqualTo(sha256(newContent));
    assertThat(victim.exec("test", "-e", RESTARTS).exitCode())
        .as("no handler ran on mx2")
        .isNotZero();
    assertThat(victim.exec("ls", "/var/lib/mailpush/pending").stdout()).contains(RESTART_MARK);

    CliRun second = run(playbook, "--json");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(changedTasks(second, "mx2")).containsExactly("large file", "record restart");
    assertThat(changedTasks(second, "mx1")).isEmpty();
    assertThat(sha256(victim, LARGE)).isEqualTo(sha256(newContent));
    assertThat(victim.exec("ls", "/var/lib/mailpush/pending").stdout())
        .doesNotContain(RESTART_MARK);
    for (TargetHost h : hosts.list()) {
      assertThat(h.exec("cat", RESTARTS).stdout()).as(h.toString()).isEqualTo("restarted\n");
    }

    CliRun third = run(playbook, "--json");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    for (String h : List.of("mx1", "mx2", "mx3")) {
      assertThat(third.recap().get(h).get("changed").asInt()).as(third.toString()).isZero();
    }
    assertThat(victim.exec("cat", RESTARTS).stdout())
        .as("the handler ran once")
        .isEqualTo("restarted\n");
  }

  @Test
  @Order(2)
  void aHostThatIsDownAndOneThatRefusesTheLoginAreEachNamedWhileTheGoodHostFinishes()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(TargetHost.ADDRESS))) {
      closed = s.getLocalPort();
    }
    TargetHost h = hosts.get(0);
    TestInventory inv =
        TestInventory.builder(dir.resolve("mixed"))
            .host("good", h)
            // A user that does not exist there: sshd refuses the key.
            .host("refused", hosts.get(2))
            .hostSsh("refused", "user = \"nobody-here\"")
            .host(new TestInventory.Host("down", closed, "down.mailpush.test", h.hostKeyLine()))
            .write();
    Path playbook = PLAYBOOKS.resolve("small.toml");

    long begin = System.nanoTime();
    CliRun json = CliRun.of("run", inv.file().toString(), playbook.toString(), "--json");
    System.out.printf("mixed run (--json) took %d ms%n", (System.nanoTime() - begin) / 1_000_000);
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(4);
    JsonNode recap = json.recap();
    assertThat(recap.get("good").get("failed").asInt()).isZero();
    assertThat(recap.get("good").get("unreachable").asBoolean()).isFalse();
    assertThat(recap.get("down").get("unreachable").asBoolean()).isTrue();
    assertThat(recap.get("refused").get("unreachable").asBoolean()).isTrue();
    assertThat(h.exec("cat", "/etc/faults/hello.txt").stdout()).isEqualTo("hello from good\n");
    assertThat(hostError(json, "down")).contains("connection refused", "127.0.0.1:" + closed);
    assertThat(hostError(json, "refused")).contains("refused", "nobody-here", "authorized_keys");

    CliRun human = CliRun.of("run", inv.file().toString(), playbook.toString());
    System.out.println("human output:\n" + human.out() + "--- stderr\n" + human.err());
    assertThat(human.exitCode()).isEqualTo(4);
    assertThat(human.out())
        .contains("UNREACHABLE")
        .contains("connection refused")
        .contains("nobody-here");
    assertThat(human.out().lines().filter(l -> l.startsWith("down ") || l.startsWith("refused ")))
        .as("each bad host's reason and hint")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(human.err()).contains("2 of 3 hosts failed or were unreachable");
  }

  @Test
  @Order(3)
  void aPackageManagerLockIsWaitedForAndTheReportSaysForWhomAndHowLong() throws Exception {
    TargetHost h = hosts.get(0);
    assertThat(h.exec("dpkg", "-s", "hello").exitCode())
        .as("hello must not be installed yet")
        .isNotZero();
    // A fresh index (and mailpush's stamp for it) first, so the lock is met at the install whatever
    // the
    // mirror's speed: apt-get update does not take the dpkg lock.
    h.exec(
            "sh",
            "-c",
            "apt-get update -q && mkdir -p /var/lib/mailpush && touch /var/lib/mailpush/apt-updated")
        .requireSuccess("apt-get update");
    String holder = holdPackageLock(h, 12);

    long begin = System.nanoTime();
    CliRun run = run(PLAYBOOKS.resolve("packages.toml"), "--json", "--limit", "mx1");
    long took = (System.nanoTime() - begin) / 1_000_000;

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode task = run.tasks("mx1").get(0);
    System.out.printf("install under a held lock took %d ms: %s%n", took, task);
    assertThat(task.get("status").asText()).isEqualTo("changed");
    String install = task.get("actions").get(task.get("actions").size() - 1).asText();
    assertThat(install)
        .startsWith("install hello (waited about ")
        .endsWith(" s for the package manager lock held by process " + holder + " (perl))");
    int waited = Integer.parseInt(install.replaceAll(".*waited about (\\d+) s.*", "$1"));
    assertThat(waited).as("held for 12 s from just before the run").isBetween(6, 13);
    assertThat(h.exec("dpkg", "-s", "hello").stdout()).contains("Status: install ok installed");

    CliRun human = run(PLAYBOOKS.resolve("packages.toml"), "--limit", "mx1");
    assertThat(human.exitCode()).as(human.toString()).isZero();
  }

  /**
   * Real apt, given a short bound, gives up on a held lock: its own output must map to a message
   * naming the holder and the lock, with a hint. (mailpush waits {@value
   * Distro#PACKAGE_LOCK_TIMEOUT_SECONDS} s, too long for a test; the mapping is the same.)
   */
  @Test
  @Order(4)
  void aLockHeldPastTheBoundMapsToAClearFailure() throws Exception {
    TargetHost h = hosts.get(0);
    String holder = holdPackageLock(h, 10);
    TargetHost.Result apt =
        h.exec(
            "env",
            "DEBIAN_FRONTEND=noninteractive",
            "apt-get",
            "install",
            "-y",
            "-q",
            "-o",
            "DPkg::Lock::Timeout=2",
            "cowsay");
    assertThat(apt.exitCode()).as(apt.stdout() + apt.stderr()).isEqualTo(100);

    PackageLock lock =
        PackageLock.gaveUp(apt.stdout(), apt.stderr())
            .orElseThrow(
                () ->
                    new AssertionError(
                        "not recognised as a lock timeout:\n" + apt.stdout() + apt.stderr()));
    System.out.println(
        "apt said: "
            + apt.stderr().strip()
            + "\nmailpush says: "
            + lock.describeFailure()
            + "\n  hint: "
            + lock.hint());
    assertThat(lock.describeFailure())
        .isEqualTo(
            "another package manager (process "
                + holder
                + " (perl)) held"
                + " /var/lib/dpkg/lock-frontend for "
                + Distro.PACKAGE_LOCK_TIMEOUT_SECONDS
                + " s and apt gave up waiting");
    assertThat(lock.hint())
        .contains("unattended-upgrades", "ps -p " + holder, "run mailpush again");
  }

  @Test
  @Order(5)
  void aFullDiskFailsTheWriteClearlyAndLeavesTheOldFileByteForByte() throws Exception {
    TargetHost h = hosts.get(2);
    String path = SMALL_FS + "/data.txt";
    Path playbook = playbookWith("diskfull.toml", "data.txt.mustache", text("old", 100 * 1024));
    Path template = playbook.resolveSibling("data.txt.mustache");
    CliRun first = run(playbook, "--json", "--limit", "mx3");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    String old = sha256(h, path);

    // 256 KiB file system, 100 KiB used: 200 KiB do not fit.
    Files.write(template, text("new", 200 * 1024));
    CliRun full = run(playbook, "--json", "--limit", "mx3");
    assertThat(full.exitCode()).as(full.toString()).isEqualTo(4);
    JsonNode failed = full.tasks("mx3").get(0);
    System.out.println("reported: " + failed);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("message").asText())
        .contains(
            "no space left on mx3 to write " + path,
            "keeps its previous version",
            "No space left on device");
    assertThat(failed.get("hint").asText()).contains("df -h " + SMALL_FS);
    assertThat(sha256(h, path)).as("the old file, byte for byte").isEqualTo(old);
    assertThat(h.exec("ls", "-A", SMALL_FS).stdout())
        .as("nothing left behind")
        .isEqualTo("data.txt\n");

    CliRun human = run(playbook, "--limit", "mx3");
    System.out.println("human output:\n" + human.out() + "--- stderr\n" + human.err());
    assertThat(human.exitCode()).isEqualTo(4);
    assertThat(human.out())
        .contains("FAILED", "no space left on mx3 to write " + path, "hint: free space");

    // 120 KiB fit beside the old 100 KiB, but a copy of the old version would not: it is kept as a
    // link.
    Files.write(template, text("mid", 120 * 1024));
    CliRun fits = run(playbook, "--json", "--limit", "mx3");
    assertThat(fits.exitCode()).as(fits.toString()).isZero();
    assertThat(sha256(h, path)).isEqualTo(sha256(Files.readAllBytes(template)));
    assertThat(sha256(h, path + ".mailpush-prev")).as("previous version kept").isEqualTo(old);
    assertThat(h.exec("ls", "-A", SMALL_FS).stdout())
        .isEqualTo("data.txt\ndata.txt.mailpush-prev\n");
  }

  /**
   * The connection dies while the validator of a two-file group runs and then rejects it: the files
   * were installed and validated by one script on the host that outlives the connection, so it
   * still puts the old files back. The next runs fail the same way, then converge once the
   * validator passes.
   */
  @Test
  @Order(6)
  void aConnectionCutWhileTheValidatorRunsStillRestoresTheOldFilesWhenItFails() throws Exception {
    TargetHost victim = hosts.get(1);
    byte[] oldA = text("old a", 4096);
    byte[] oldB = text("old b", 2048);
    put(victim, VALIDATED_A, oldA);
    put(victim, VALIDATED_B, oldB);
    victim.exec("rm", "-f", VALIDATED_RESTARTS).requireSuccess("clear restarts");
    String failing = "touch /run/validating; sleep 3; echo 'b.conf: bad value' >&2; exit 1";

    CliRun first = cutWhileValidating(victim, validatedPlaybook(failing));
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
    assertThat(first.recap().get("mx2").get("failed").asInt()).as(first.toString()).isEqualTo(1);
    assertThat(hostError(first, "mx2"))
        .contains("connection lost during task \\\"validated pair\\\"");
    assertThat(sha256(victim, VALIDATED_A))
        .as("the rejected a.conf was put back")
        .isEqualTo(sha256(oldA));
    assertThat(sha256(victim, VALIDATED_B))
        .as("the rejected b.conf was put back")
        .isEqualTo(sha256(oldB));
    assertThat(victim.exec("ls", "-A", "/etc/validated").stdout())
        .as("no temp or previous file left")
        .isEqualTo("a.conf\nb.conf\n");
    assertThat(victim.exec("test", "-e", VALIDATED_RESTARTS).exitCode())
        .as("no handler ran")
        .isNotZero();

    CliRun rejected = run(validatedPlaybook(failing), "--json", "--limit", "mx2");
    assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(4);
    JsonNode failed =
        rejected.tasks("mx2").stream()
            .filter(t -> t.get("status").asText().equals("failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.get("task").asText()).isEqualTo("validated pair");
    assertThat(failed.get("message").asText())
        .contains(
            "rejected the new configuration; the previous files were restored",
            "b.conf: bad value");
    assertThat(sha256(victim, VALIDATED_A)).isEqualTo(sha256(oldA));
    assertThat(sha256(victim, VALIDATED_B)).isEqualTo(sha256(oldB));
    assertThat(victim.exec("test", "-e", VALIDATED_RESTARTS).exitCode())
        .as("no handler ran")
        .isNotZero();

    CliRun accepted = run(validatedPlaybook("true"), "--json", "--limit", "mx2");
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(changedTasks(accepted, "mx2")).containsExactly("validated pair", "record restart");
    assertThat(victim.exec("cat", VALIDATED_A, VALIDATED_B).stdout())
        .isEqualTo("a = new\nb = new\n");
    assertThat(sha256(victim, VALIDATED_A + ".mailpush-prev"))
        .as("previous version kept")
        .isEqualTo(sha256(oldA));
    assertThat(victim.exec("cat", VALIDATED_RESTARTS).stdout()).isEqualTo("restarted\n");
    CliRun again = run(validatedPlaybook("true"), "--json", "--limit", "mx2");
    assertThat(again.recap().get("mx2").get("changed").asInt()).as(again.toString()).isZero();
  }

  /**
   * The same cut with a validator that accepts: the new files stay, and the next run fires the due
   * handler.
   */
  @Test
  @Order(7)
  void aConnectionCutWhileTheValidatorRunsKeepsTheNewFilesWhenItPassesAndTheNextRunRestarts()
      throws Exception {
    TargetHost victim = hosts.get(1);
    put(victim, VALIDATED_A, text("older a", 4096));
    put(victim, VALIDATED_B, text("older b", 2048));
    victim.exec("rm", "-f", VALIDATED_RESTARTS).requireSuccess("clear restarts");
    Path playbook = validatedPlaybook("touch /run/validating; sleep 3");

    CliRun first = cutWhileValidating(victim, playbook);
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
    assertThat(first.recap().get("mx2").get("failed").asInt()).as(first.toString()).isEqualTo(1);
    assertThat(victim.exec("cat", VALIDATED_A, VALIDATED_B).stdout())
        .isEqualTo("a = new\nb = new\n");
    assertThat(victim.exec("find", "/etc/validated", "-name", ".mailpush.*").stdout())
        .as("temp files left")
        .isEmpty();
    assertThat(victim.exec("test", "-e", VALIDATED_RESTARTS).exitCode())
        .as("no handler ran")
        .isNotZero();
    assertThat(victim.exec("ls", "/var/lib/mailpush/pending").stdout()).contains(RESTART_MARK);

    CliRun second = run(playbook, "--json", "--limit", "mx2");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(changedTasks(second, "mx2")).containsExactly("record restart");
    assertThat(victim.exec("cat", VALIDATED_RESTARTS).stdout()).isEqualTo("restarted\n");
  }

  /**
   * The network of one host goes away while a file bigger than sshd's channel window (2 MiB) is
   * being written, so the transfer is still under way: nothing resets the connection, it only goes
   * silent, and the keepalive (2 s x 3 here) is what notices. That host fails within the
   * keepalive's bound and says to run again; the others converge; the file is its old version byte
   * for byte; once the network is back the next run converges and the one after changes nothing.
   */
  @Test
  @Order(8)
  void aNetworkCutMidWriteIsNoticedByTheKeepaliveWithinItsBoundAndOnlyThatHostFails()
      throws Exception {
    SshConfig.KeepAlive keepAlive = new SshConfig.KeepAlive(Duration.ofSeconds(2), 3);
    TestInventory.Builder builder = TestInventory.builder(dir.resolve("keepalive"));
    for (int i = 0; i < hosts.size(); i++) {
      String name = "mx" + (i + 1);
      builder
          .host(name, hosts.get(i))
          .hostSsh(name, "keepalive_interval = " + keepAlive.interval().toSeconds())
          .hostSsh(name, "keepalive_count = " + keepAlive.count());
    }
    TestInventory quick = builder.write();
    Path playbook =
        playbookWith("interrupted.toml", "large.conf.mustache", text("cut new", 4 * 1024 * 1024));
    byte[] newContent = Files.readAllBytes(playbook.resolveSibling("large.conf.mustache"));
    byte[] oldContent = text("cut old", 200 * 1024);
    for (TargetHost h : hosts.list()) {
      put(h, LARGE, oldContent);
      h.exec("rm", "-rf", "/etc/faults/settings.conf", RESTARTS, "/var/lib/mailpush/pending")
          .requireSuccess("reset");
    }
    TargetHost victim = hosts.get(1);
    put(victim, "/usr/local/bin/cat", STALLING_CAT.getBytes(StandardCharsets.UTF_8));
    victim
        .exec(
            "sh",
            "-c",
            "chmod 755 /usr/local/bin/cat && mkdir -p /run/faults && touch /run/faults/stall")
        .requireSuccess("install the stalling cat");

    CliRun first;
    long silentFor;
    try (NetworkCut network = new NetworkCut(victim)) {
      CompletableFuture<CliRun> running =
          CompletableFuture.supplyAsync(() -> run(quick, playbook, "--json"));
      awaitFile(victim, "/run/faults/stalled", Duration.ofSeconds(90));
      network.cut();
      long cut = System.nanoTime();
      first = running.get(60, TimeUnit.SECONDS);
      silentFor = (System.nanoTime() - cut) / 1_000_000;
      System.out.printf(
          "network cut; run ended %d ms later (keepalive bound %d ms)%n",
          silentFor, keepAlive.bound().toMillis());
      // Still cut: the write on the host waits for bytes that will never come, and has replaced
      // nothing.
      assertThat(sha256(victim, LARGE))
          .as("the old file while the writer waits")
          .isEqualTo(sha256(oldContent));
      victim.exec("touch", "/run/faults/resume").requireSuccess("resume");
      network.restore();
    }
    // Once the network is back, sshd learns that the client left and the write script gives up on
    // its own.
    awaitNoProcess(victim, "mailpush[-]prev", Duration.ofSeconds(60));
    victim
        .exec("sh", "-c", "rm -f /usr/local/bin/cat; rm -rf /run/faults")
        .requireSuccess("remove the fault");

    // A reset would have ended the run within milliseconds (as the killed sshd above): only silence
    // waits for
    // the keepalives, at least (count - 1) intervals even if one was in flight when the link went,
    // at most
    // (count + 1) intervals, plus scheduling slack.
    assertThat(silentFor)
        .as("time from the cut to the failure")
        .isBetween(
            keepAlive.interval().multipliedBy(keepAlive.count() - 1L).toMillis(),
            keepAlive.bound().toMillis() + 2000);
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
    JsonNode recap = first.recap();
    assertThat(recap.get("mx2").get("failed").asInt()).as(first.toString()).isEqualTo(1);
    assertThat(recap.get("mx2").get("unreachable").asBoolean()).isFalse();
    for (String good : List.of("mx1", "mx3")) {
      assertThat(recap.get(good).get("failed").asInt()).as(first.toString()).isZero();
      assertThat(changedTasks(first, good)).contains("settings", "large file", "record restart");
    }
    JsonNode failed =
        first.tasks("mx2").stream()
            .filter(t -> t.get("status").asText().equals("failed"))
            .findFirst()
            .orElseThrow();
    System.out.println("reported: " + failed + "\n" + hostError(first, "mx2"));
    assertThat(failed.get("task").asText()).isEqualTo("large file");
    assertThat(failed.get("message").asText())
        .isEqualTo(
            "connection to mx2 lost while running a shell script: no"
                + " answer to 3 keepalives in a row (one every 2 s): the network or the host went silent");
    assertThat(failed.get("hint").asText())
        .contains(
            "run mailpush again once mx2 answers",
            "old or its new",
            "record restart",
            "network drop");
    assertThat(hostError(first, "mx2"))
        .contains("\"error\":\"connection lost during task \\\"large file\\\"\"");
    assertThat(sha256(victim, LARGE))
        .as("old content, byte for byte")
        .isEqualTo(sha256(oldContent));
    assertThat(victim.exec("find", "/etc/faults", "-name", ".mailpush.*").stdout())
        .as("temp files left")
        .isEmpty();
    assertThat(victim.exec("test", "-e", RESTARTS).exitCode())
        .as("no handler ran on mx2")
        .isNotZero();

    CliRun second = run(quick, playbook, "--json");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(changedTasks(second, "mx2")).containsExactly("large file", "record restart");
    assertThat(changedTasks(second, "mx1")).isEmpty();
    assertThat(sha256(victim, LARGE)).isEqualTo(sha256(newContent));
    CliRun third = run(quick, playbook, "--json");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    for (String h : List.of("mx1", "mx2", "mx3")) {
      assertThat(third.recap().get(h).get("changed").asInt()).as(third.toString()).isZero();
    }
    assertThat(victim.exec("cat", RESTARTS).stdout())
        .as("the handler ran once")
        .isEqualTo("restarted\n");
  }

  /**
   * Staging files beside managed files: one whose writer is gone (untouched for an hour, open by
   * nobody) is removed by the next run and reported; one written a moment ago, and one a process
   * still holds open, stay. Finding them costs the run nothing (it is in the fact probe); removing
   * them costs one exec.
   */
  @Test
  @Order(9)
  void theNextRunRemovesStagingFilesWhoseWriterIsGoneAndSaysSo() throws Exception {
    TargetHost victim = hosts.get(1);
    String stale = "/etc/faults/.mailpush.StaLe1";
    String young = "/etc/faults/.mailpush.YoUng2";
    String held = "/etc/faults/.mailpush.HeLd03";
    Path playbook = PLAYBOOKS.resolve("small.toml");
    assertThat(run(playbook, "--json", "--limit", "mx2").exitCode()).isZero();
    victim
        .exec(
            "sh",
            "-c",
            "printf 'staged' | tee \"$1\" \"$2\" \"$3\" >/dev/null && touch -d '1 hour ago' \"$1\" \"$3\"",
            "sh",
            stale,
            young,
            held)
        .requireSuccess("plant staging files");
    String holder =
        victim
            .exec(
                "sh",
                "-c",
                "sh -c 'exec 3<\"$1\"; exec sleep 300' sh \"$1\" >/dev/null 2>&1 & echo $!",
                "sh",
                held)
            .requireSuccess("hold one open")
            .stdout()
            .strip();
    try {
      CliRun cleaning = run(playbook, "--json", "--limit", "mx2");
      assertThat(cleaning.exitCode()).as(cleaning.toString()).isZero();
      JsonNode cleanup = cleaning.tasks("mx2").get(0);
      System.out.println("reported: " + cleanup);
      assertThat(cleanup.get("task").asText()).isEqualTo("leftover staging files");
      assertThat(cleanup.get("status").asText()).isEqualTo("changed");
      assertThat(cleanup.get("actions").get(0).asText())
          .isEqualTo("removed 1 leftover staging file: " + stale);
      assertThat(victim.exec("ls", "-A", "/etc/faults").stdout())
          .doesNotContain(".mailpush.StaLe1")
          .contains(".mailpush.YoUng2", ".mailpush.HeLd03");

      CliRun noop = run(playbook, "--json", "--limit", "mx2");
      assertThat(noop.recap().get("mx2").get("changed").asInt()).as(noop.toString()).isZero();
      assertThat(changedTasks(noop, "mx2")).isEmpty();
      assertThat(execCount(cleaning, "mx2"))
          .as("removing cost one exec")
          .isEqualTo(execCount(noop, "mx2") + 1);

      victim
          .exec("sh", "-c", "printf 'staged' > \"$1\" && touch -d '1 hour ago' \"$1\"", "sh", stale)
          .requireSuccess("plant another");
      CliRun human = run(playbook, "--limit", "mx2");
      System.out.println("human output:\n" + human.out());
      assertThat(human.exitCode()).as(human.toString()).isZero();
      assertThat(human.out())
          .contains("leftover staging files: removed 1 leftover staging file: " + stale);
    } finally {
      victim.exec("kill", holder);
      victim.exec("rm", "-f", young, held);
    }
  }

  // ---------------------------------------------------------------- helpers
  /**
   * Runs the validated playbook on mx2 alone and kills admin's SSH sessions there while the
   * validator sleeps; returns once the run ended and nothing of it is left running on the host.
   */
  private static CliRun cutWhileValidating(TargetHost victim, Path playbook) throws Exception {
    victim.exec("rm", "-f", "/run/validating").requireSuccess("clear the marker");
    CompletableFuture<CliRun> running =
        CompletableFuture.supplyAsync(() -> run(playbook, "--json", "--limit", "mx2"));
    awaitFile(victim, "/run/validating", Duration.ofSeconds(60));
    victim
        .exec("pkill", "-KILL", "-f", "sshd: " + TargetHost.ADMIN)
        .requireSuccess("kill admin's sshd sessions");
    long cut = System.nanoTime();
    CliRun run = running.get(60, TimeUnit.SECONDS);
    System.out.printf("run ended %d ms after the cut%n", (System.nanoTime() - cut) / 1_000_000);
    // Past the validator's 3 s: whatever still runs on the host must have finished before anything
    // is looked at.
    awaitNoProcess(victim, "/run/[v]alidating", Duration.ofSeconds(30));
    awaitNoProcess(victim, "mailpush[-]prev", Duration.ofSeconds(30));
    return run;
  }

  /**
   * A two-file group validated by {@code sh -c VALIDATOR}, notifying a handler that counts
   * restarts.
   */
  private static Path validatedPlaybook(String validator) throws IOException {
    Path d = Files.createTempDirectory(dir, "validated");
    return Files.writeString(
        d.resolve("validated.toml"),
        """
        name = "validated"

        [[tasks]]
        name = "validated directory"
        directory = "/etc/validated"
        mode = "0755"

        [[tasks]]
        name = "validated pair"
        validate = ["sh", "-c", "%s"]
        notify = ["record restart"]
        [[tasks.files]]
        path = "%s"
        content = "a = new\\n"
        [[tasks.files]]
        path = "%s"
        content = "b = new\\n"

        [[handlers]]
        name = "record restart"
        command = ["sh", "-c", "echo restarted >> %s"]
        """
            .formatted(validator, VALIDATED_A, VALIDATED_B, VALIDATED_RESTARTS));
  }

  private static CliRun run(Path playbook, String... extra) {
    return run(inventory, playbook, extra);
  }

  private static CliRun run(TestInventory inv, Path playbook, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", inv.file().toString(), playbook.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** A copy of a playbook from the resources with a generated template beside it. */
  private static Path playbookWith(String name, String template, byte[] content)
      throws IOException {
    Path d = Files.createTempDirectory(dir, name.replace(".toml", ""));
    Path copy = Files.copy(PLAYBOOKS.resolve(name), d.resolve(name));
    Files.write(d.resolve(template), content);
    return copy;
  }

  /** About {@code size} bytes of numbered lines, different for each {@code version}. */
  private static byte[] text(String version, int size) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < size; i++) {
      b.append(String.format("%06d %s: the quick brown fox jumps over the lazy dog%n", i, version));
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> changedTasks(CliRun run, String host) {
    return run.tasks(host).stream()
        .filter(t -> t.get("status").asText().equals("changed"))
        .map(t -> t.get("task").asText())
        .toList();
  }

  private static int execCount(CliRun run, String host) {
    return run.events().stream()
        .filter(
            e ->
                e.path("type").asText().equals("host")
                    && e.path("host").asText().equals(host)
                    && e.has("exec_count"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no end event for " + host + "\n" + run))
        .get("exec_count")
        .asInt();
  }

  private static String hostError(CliRun run, String host) {
    return run.events().stream()
        .filter(
            e ->
                e.path("type").asText().equals("host")
                    && e.path("host").asText().equals(host)
                    && !e.path("status").asText().equals("started"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no end event for " + host + "\n" + run))
        .toString();
  }

  /**
   * Starts a process on the host that holds the dpkg frontend lock for {@code seconds}, the way apt
   * and unattended-upgrades take it (fcntl), and returns its pid once the lock is held.
   */
  private static String holdPackageLock(TargetHost h, int seconds) throws InterruptedException {
    String perl =
        "open(my $f, '>>', '/var/lib/dpkg/lock-frontend') or die;"
            + " fcntl($f, F_SETLK, pack('s s x4 q q i x4', F_WRLCK, SEEK_SET, 0, 0, 0)) or die;"
            + " open(my $r, '>', '/run/lock-held') or die; close $r; sleep "
            + seconds
            + "; unlink '/run/lock-held'";
    h.exec("rm", "-f", "/run/lock-held");
    String pid =
        h.exec(
                "sh",
                "-c",
                "perl -MFcntl -e \"$1\" </dev/null >/dev/null 2>&1 & echo $!",
                "hold",
                perl)
            .requireSuccess("start the lock holder")
            .stdout()
            .strip();
    awaitFile(h, "/run/lock-held", Duration.ofSeconds(10));
    return pid;
  }

  /** Writes a file on the host through Docker (not mailpush), owned by root. */
  private static void put(TargetHost h, String path, byte[] content) throws IOException {
    Path local = Files.createTempFile(dir, "put", ".bin");
    Files.write(local, content);
    h.exec("mkdir", "-p", Path.of(path).getParent().toString()).requireSuccess("mkdir");
    h.copyIn(local, path);
    h.exec("chown", "root:root", path).requireSuccess("chown");
  }

  private static String sha256(TargetHost h, String path) {
    return h.exec("sha256sum", path).requireSuccess("sha256sum " + path).stdout().split(" ")[0];
  }

  private static String sha256(byte[] content) {
    return dev.mailpush.facts.Sha256.hex(content);
  }

  private static void awaitFile(TargetHost h, String path, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (h.exec("test", "-e", path).exitCode() != 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " did not appear on " + h + " within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitNoProcess(TargetHost h, String pattern, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (h.exec("pgrep", "-f", pattern).exitCode() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("processes matching " + pattern + " still run on " + h);
      }
      Thread.sleep(100);
    }
  }
}
