// A rolling deploy scripted with mailpush's Java API: the first host of the inventory is the
// canary; it is
// deployed and verified from outside before the rest follow in batches, and the rollout stops at
// the first
// failure with a report of what failed and what was left alone.
//
//   java -cp mailpush.jar examples/RollingDeploy.java INVENTORY [--batch N] [verify options]
//
// verify options, as `mailpush verify` takes them: --connect ADDRESS, --port-map
// [HOST:]PORT=PORT,...,
// --ca-file PEM (a private CA). Exit status: 0 all hosts deployed and verified, 4 stopped, 2 bad
// input.

import dev.mailpush.MailpushException;
import dev.mailpush.api.Mailpush;
import dev.mailpush.api.RunContext;
import dev.mailpush.api.RunResult;
import dev.mailpush.api.VerifyResult;
import dev.mailpush.api.VerifySettings;
import dev.mailpush.engine.HostSummary;
import dev.mailpush.engine.RunEvent;
import dev.mailpush.engine.RunOptions;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.inventory.Inventory;
import dev.mailpush.report.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class RollingDeploy {
  public static void main(String[] args) {
    try {
      System.exit(rollout(args));
    } catch (MailpushException e) { // a bad inventory or option: nothing was contacted
      System.err.println(
          "error: " + e.getMessage() + (e.hint().isEmpty() ? "" : "\n  hint: " + e.hint()));
      System.exit(2);
    }
  }

  static int rollout(String[] args) {
    if (args.length < 1) {
      throw new MailpushException(
          "usage: RollingDeploy INVENTORY [--batch N] [--connect A] [--port-map M] [--ca-file F]",
          "see the comment at the top of examples/RollingDeploy.java");
    }
    int batch = 2;
    String connect = null;
    Path caFile = null;
    List<String> portMap = new ArrayList<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--connect" -> connect = args[i + 1];
        case "--port-map" -> portMap.addAll(List.of(args[i + 1].split(",")));
        case "--ca-file" -> caFile = Path.of(args[i + 1]);
        default ->
            throw new MailpushException(
                "unknown option " + args[i], "--batch, --connect, --port-map, --ca-file");
      }
    }
    Mailpush mailpush = new Mailpush(RunContext.system());
    Inventory inventory = mailpush.load(Path.of(args[0]));
    VerifySettings verify = VerifySettings.parse(caFile, portMap, connect, 10);
    List<HostConfig> hosts = inventory.hosts();

    List<HostConfig> canary = hosts.subList(0, 1);
    say("canary " + canary.get(0).name());
    if (!deployAndVerify(mailpush, canary, verify)) {
      return stopped(hosts.subList(1, hosts.size()));
    }
    for (int from = 1; from < hosts.size(); from += batch) {
      List<HostConfig> next = hosts.subList(from, Math.min(hosts.size(), from + batch));
      say("batch " + next.stream().map(HostConfig::name).toList());
      if (!deployAndVerify(mailpush, next, verify)) {
        return stopped(hosts.subList(from + next.size(), hosts.size()));
      }
    }
    say("all " + hosts.size() + " hosts deployed and verified");
    return 0;
  }

  /**
   * Deploys the hosts in parallel, then verifies them from outside; reports and returns false on
   * any failure.
   */
  static boolean deployAndVerify(Mailpush mailpush, List<HostConfig> hosts, VerifySettings verify) {
    RunOptions options = new RunOptions(false, false, hosts.size(), null, 100);
    RunResult deployed = mailpush.deploy(hosts, options, RollingDeploy::progress);
    for (HostSummary bad : deployed.bad()) {
      say(
          "FAILED deploy on "
              + bad.host()
              + ": "
              + (bad.error().isEmpty() ? bad.failed() + " task(s) failed" : bad.error()));
    }
    if (!deployed.ok()) {
      return false;
    }
    VerifyResult verified = mailpush.verify(hosts, verify);
    for (Check c : verified.checks()) {
      if (c.failed()) {
        say(
            "FAILED verify on "
                + c.host()
                + ": "
                + c.check()
                + ": "
                + c.message()
                + (c.fix() == null ? "" : "\n    fix: " + c.fix()));
      }
    }
    return !verified.failed();
  }

  static void progress(RunEvent event) {
    if (event instanceof RunEvent.HostFinished f) {
      HostSummary s = f.summary();
      say(
          "  "
              + s.host()
              + ": "
              + s.changed()
              + " changed, "
              + s.failed()
              + " failed"
              + (s.unreachable() ? ", unreachable" : ""));
    }
  }

  static int stopped(List<HostConfig> leftAlone) {
    say("rollout stopped; not touched: " + leftAlone.stream().map(HostConfig::name).toList());
    return 4;
  }

  static void say(String line) {
    System.out.println("[rollout] " + line);
  }
}
