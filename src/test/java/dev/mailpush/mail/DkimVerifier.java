package dev.mailpush.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent DKIM verifier: Debian's python3-dkim (dkimpy), whose DNS lookup is replaced by the
 * TXT record the host published in {@code /etc/opendkim/keys/DOMAIN/SELECTOR.txt}. No DNS query
 * leaves this machine.
 */
final class DkimVerifier {
  private DkimVerifier() {}

  /** What dkimpy said: its verdict and everything it printed. */
  record Verdict(boolean valid, String output) {}

  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, logging",
          "import dkim",
          "record = sys.argv[1].encode()",
          "expected = sys.argv[2].encode()",
          "asked = []",
          "def dns(name, timeout=5):",
          "    asked.append(name)",
          "    return record if name.rstrip(b'.').lower() == expected.lower() else None",
          "logging.basicConfig(stream=sys.stdout, level=logging.DEBUG)",
          "msg = sys.stdin.buffer.read()",
          "d = dkim.DKIM(msg, logger=logging.getLogger('dkim'))",
          "ok = d.verify(dnsfunc=dns)",
          "print('verify=%s domain=%s selector=%s asked=%s' % (ok, d.domain, d.selector, asked))",
          "sys.exit(0 if ok else 1)");

  /** The interpreter that has Debian's dkim module (not a pyenv shim). */
  static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  /** The TXT value of a BIND-style record file: its quoted strings joined (long keys are split). */
  static String txtValue(String zoneFileText) {
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(zoneFileText);
    StringBuilder v = new StringBuilder();
    while (m.find()) {
      v.append(m.group(1));
    }
    return v.toString();
  }

  /**
   * Verifies the first DKIM-Signature of {@code message}; {@code dnsName} is
   * selector._domainkey.domain.
   */
  static Verdict verify(byte[] message, String dnsName, String txtValue)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python(), "-c", SCRIPT, txtValue, dnsName));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(message);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Verdict(false, "dkimpy timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Verdict(p.exitValue() == 0, out);
  }
}
