package dev.mailpush.facts;

import dev.mailpush.MailpushException;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Gathers facts in one exec round trip: the script travels on stdin to {@code sh -s} as root. */
public final class Probe {
  private Probe() {}

  public static HostFacts gather(HostSession session, FactQuery query) {
    byte[] script = ProbeScript.render(query).getBytes(StandardCharsets.UTF_8);
    ExecResult result = session.exec(ExecRequest.root(List.of("sh", "-s"), script));
    try {
      return ProbeParser.parse(result.stdoutText(), query);
    } catch (IllegalArgumentException e) {
      throw new MailpushException(
          "gathering facts failed: "
              + e.getMessage()
              + (result.stderrText().isBlank() ? "" : ": " + result.stderrText().strip()),
          "the host needs a POSIX sh, coreutils and /etc/os-release");
    }
  }
}
