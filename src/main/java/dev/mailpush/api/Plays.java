package dev.mailpush.api;

import dev.mailpush.engine.Play;
import dev.mailpush.engine.PlayTask;
import dev.mailpush.engine.Runner;
import dev.mailpush.engine.Target;
import dev.mailpush.inventory.HostConfig;
import dev.mailpush.playbook.Playbook;
import dev.mailpush.playbook.PlaybookCompiler;
import dev.mailpush.tls.AcmeCertificateTask;
import dev.mailpush.tls.AcmeOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A playbook bound to each host before anything connects, so every error of every host comes first;
 * the run's ACME options are bound here too (compiling reads nothing from the environment).
 */
final class Plays {
  private Plays() {}

  static List<Runner.Assignment> bind(Playbook playbook, List<HostConfig> hosts, AcmeOptions acme) {
    List<Runner.Assignment> out = new ArrayList<>();
    for (HostConfig h : hosts) {
      out.add(
          new Runner.Assignment(
              new Target(h.name()), withAcme(PlaybookCompiler.compile(playbook, h), acme, false)));
    }
    return out;
  }

  /** The playbook reduced to its ACME certificate task(s) and the handlers they notify. */
  static List<Runner.Assignment> certificates(
      Playbook playbook, List<HostConfig> hosts, AcmeOptions acme) {
    List<Runner.Assignment> out = new ArrayList<>();
    for (HostConfig h : hosts) {
      Play certs = withAcme(PlaybookCompiler.compile(playbook, h), acme, true);
      out.add(
          new Runner.Assignment(
              new Target(h.name()), new Play("certs", certs.tasks(), certs.handlers())));
    }
    return out;
  }

  private static Play withAcme(Play play, AcmeOptions acme, boolean onlyAcme) {
    List<PlayTask> tasks = new ArrayList<>();
    for (PlayTask pt : play.tasks()) {
      if (pt.task() instanceof AcmeCertificateTask t) {
        tasks.add(new PlayTask(t.withOptions(acme), pt.notifies()));
      } else if (!onlyAcme) {
        tasks.add(pt);
      }
    }
    return new Play(play.name(), tasks, play.handlers());
  }
}
