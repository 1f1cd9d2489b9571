package dev.mailpush.mail;

import dev.mailpush.dns.KnotServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An independent SPF check, as a receiving server makes it: Debian's python3-spf (pyspf), asking
 * the test's knotd (and nothing else) for the records.
 */
final class SpfVerifier {
  private SpfVerifier() {}

  /** pyspf's result ("pass", "fail", "softfail", "none", ...) and its explanation. */
  record Verdict(String result, String output) {}

  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, dns.resolver, spf",
          "r = dns.resolver.Resolver(configure=False)",
          "r.nameservers = [sys.argv[1]]",
          "r.port = int(sys.argv[2])",
          "dns.resolver.default_resolver = r",
          "result, explanation = spf.check2(i=sys.argv[3], s=sys.argv[4], h=sys.argv[5])",
          "print(result)",
          "print(explanation)");

  /** SPF for envelope sender {@code mailFrom} sent from {@code clientIp} with HELO {@code helo}. */
  static Verdict check(KnotServer dns, String clientIp, String mailFrom, String helo)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                DkimVerifier.python(),
                "-c",
                SCRIPT,
                dns.address(),
                String.valueOf(dns.port()),
                clientIp,
                mailFrom,
                helo)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Verdict("timeout", out);
    }
    return new Verdict(out.lines().findFirst().orElse("").strip(), out);
  }
}
