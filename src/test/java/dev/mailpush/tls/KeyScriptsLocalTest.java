package dev.mailpush.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key rollover's host scripts run by the local {@code sh} and openssl (this machine is Debian
 * too; {@code chown} is a stub, so the test needs no root): the next key is made once, an order's
 * key is a copy of it and its CSR carries its public key, the installed certificate serves it, the
 * hash script reports each key's SPKI hash as TLSA wants it, and a fresh next key replaces it.
 */
class KeyScriptsLocalTest {
  @TempDir Path dir;
  @TempDir Path bin;
  Path fullchain;
  Path privkey;
  Path next;
  Path pending;

  private record Run(int exit, String stdout, String stderr) {}

  @BeforeEach
  void paths() throws IOException {
    fullchain = dir.resolve("fullchain.pem");
    privkey = dir.resolve("privkey.pem");
    next = dir.resolve("next-privkey.pem");
    pending = dir.resolve(".privkey.pem.acme-pending");
    Path chown = bin.resolve("chown");
    Files.writeString(chown, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(chown, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Run sh(String stdin, String script, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out, err);
  }

  private String ok(String stdin, String script, String... args) throws Exception {
    Run r = sh(stdin, script, args);
    assertThat(r.exit()).as(r.stderr()).isZero();
    return r.stdout();
  }

  /** What DaneE2ETest computes: the SHA-256 of the key's DER SubjectPublicKeyInfo. */
  private String spki(String publicKeyCommand) throws Exception {
    return ok(
            "",
            publicKeyCommand + " | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1")
        .strip();
  }

  private KeyHashes.Hashes hashes() throws Exception {
    return KeyHashes.parse(
        ok("", KeyHashes.SCRIPT, fullchain.toString(), privkey.toString(), next.toString()));
  }

  @Test
  void anOrderServesTheNextKeyAndAFreshNextKeyTakesItsPlace() throws Exception {
    assertThat(hashes()).isEqualTo(KeyChoiceTest.keys(null, null));

    ok("", HostScripts.MAKE_NEXT_KEY, next.toString(), "");
    byte[] made = Files.readAllBytes(next);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(next)))
        .isEqualTo("rw-------");
    ok("", HostScripts.MAKE_NEXT_KEY, next.toString(), "");
    assertThat(Files.readAllBytes(next)).as("made only when missing").isEqualTo(made);
    String nextHash = spki("openssl pkey -in '" + next + "' -pubout");
    assertThat(hashes().next()).contains(nextHash);

    String csr =
        ok(
            "",
            HostScripts.MAKE_CSR,
            "mx.send.test",
            pending.toString(),
            "DNS:mx.send.test",
            next.toString());
    assertThat(csr).contains("BEGIN CERTIFICATE REQUEST");
    assertThat(Files.readAllBytes(pending)).isEqualTo(made);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pending)))
        .isEqualTo("rw-------");
    Path csrFile = Files.writeString(dir.resolve("req.pem"), csr);
    assertThat(spki("openssl req -in '" + csrFile + "' -noout -pubkey")).isEqualTo(nextHash);

    // The CA: a self-signed certificate over the CSR's key stands in for the issued chain.
    Path caKey = dir.resolve("ca-key.pem");
    Path caCert = dir.resolve("ca.pem");
    ok(
        "",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ca -keyout \"$1\" -out \"$2\""
            + " 2>/dev/null",
        caKey.toString(),
        caCert.toString());
    String leaf =
        ok(
            "",
            "openssl x509 -req -in \"$1\" -CA \"$2\" -CAkey \"$3\" -CAcreateserial -days 1"
                + " 2>/dev/null",
            csrFile.toString(),
            caCert.toString(),
            caKey.toString());
    ok(leaf, HostScripts.INSTALL, pending.toString(), fullchain.toString(), privkey.toString());
    assertThat(Files.readAllBytes(privkey)).isEqualTo(made);
    assertThat(spki("openssl x509 -in '" + fullchain + "' -noout -pubkey")).isEqualTo(nextHash);
    assertThat(hashes().served()).contains(nextHash);
    assertThat(hashes().current()).contains(nextHash);

    ok("", HostScripts.MAKE_NEXT_KEY, next.toString(), "replace");
    String fresh = spki("openssl pkey -in '" + next + "' -pubout");
    assertThat(fresh).isNotEqualTo(nextHash);
    assertThat(hashes().next()).contains(fresh);
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .as("no temp file left")
        .noneMatch(n -> n.startsWith(".next-privkey."));
  }

  @Test
  void withoutASourceKeyAnOrderMakesANewOne() throws Exception {
    String csr =
        ok("", HostScripts.MAKE_CSR, "mx.send.test", pending.toString(), "DNS:mx.send.test", "");
    assertThat(csr).contains("BEGIN CERTIFICATE REQUEST");
    assertThat(pending).exists();
    Run missing =
        sh(
            "",
            HostScripts.MAKE_CSR,
            "mx.send.test",
            pending.toString(),
            "DNS:mx.send.test",
            dir.resolve("absent.pem").toString());
    assertThat(missing.exit()).isNotZero();
    assertThat(pending).as("no half-made key").doesNotExist();
  }
}
