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
 * leaves this machine. It also signs, as an outside sender's server would, with a {@link Key} made
 * here.
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

  /** An outside domain's DKIM key: the private key (PKCS#8 PEM) and its TXT record's value. */
  record Key(String privatePem, String txtValue) {
    static Key generate() throws java.security.GeneralSecurityException {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      java.security.KeyPair pair = g.generateKeyPair();
      java.util.Base64.Encoder pem =
          java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
      return new Key(
          "-----BEGIN PRIVATE KEY-----\n"
              + pem.encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n",
          "v=DKIM1; k=rsa; p="
              + java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }
  }

  private static final String SIGN =
      String.join(
          "\n",
          "import sys, dkim",
          "msg = sys.stdin.buffer.read()",
          "sig = dkim.sign(msg, sys.argv[2].encode(), sys.argv[1].encode(), sys.argv[3].encode(),",
          "    include_headers=[b'from', b'to', b'subject', b'date', b'message-id'])",
          "sys.stdout.buffer.write(sig + msg)");

  /**
   * {@code message} (CRLF lines) with a DKIM-Signature of {@code domain} by dkimpy, relaxed/simple,
   * over From, To, Subject, Date and Message-ID.
   */
  static String sign(String message, String domain, String selector, Key key)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(python(), "-c", SIGN, domain, selector, key.privatePem())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(
          message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    String signed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("dkimpy could not sign the message");
    }
    return signed;
  }

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
