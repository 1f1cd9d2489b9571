package dev.mailpush.tls;

import dev.mailpush.StateRoot;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Where the ACME account keys live on the admin machine: {@code
 * ROOT/acme/<directory-host>/account.pem}, ROOT being the {@link StateRoot}. Directories are 0700,
 * keys 0600. A key is created once per CA and kept: the CA knows the account by it. Creation is
 * atomic (hard link of a complete file), so parallel hosts or parallel runs end up with one key.
 * Certificate keys never leave the hosts.
 */
record AccountKeyStore(Path root) {

  /** The account keys under the state root ({@link StateRoot}). */
  public static AccountKeyStore fromEnvironment(Map<String, String> env, Path home) {
    return new AccountKeyStore(StateRoot.fromEnvironment(env, home).path());
  }

  public Path keyFile(AcmeDirectory directory) {
    return root.resolve("acme").resolve(directory.stateName()).resolve("account.pem");
  }

  /** The account key for this CA, created (EC P-256) on first use. */
  public KeyPair loadOrCreate(AcmeDirectory directory) {
    BouncyCastle.register();
    Path file = keyFile(directory);
    try {
      if (Files.isRegularFile(file)) {
        return read(file);
      }
      Path dir = file.getParent();
      createPrivateDirs(dir);
      KeyPair kp = KeyPairUtils.createECKeyPair("secp256r1");
      StringWriter pem = new StringWriter();
      KeyPairUtils.writeKeyPair(kp, pem);
      Path tmp =
          Files.createTempFile(
              dir,
              ".account-",
              ".pem",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, pem.toString(), StandardCharsets.US_ASCII);
        try {
          Files.createLink(file, tmp); // fails when another run created the key first: use that one
          return kp;
        } catch (FileAlreadyExistsException e) {
          return read(file);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new AcmeFailure(
          "cannot read or create the ACME account key " + file + ": " + e.getMessage(),
          "mailpush keeps its ACME account key there; set MAILPUSH_STATE_DIR to a writable directory",
          e);
    }
  }

  private static KeyPair read(Path file) throws IOException {
    try {
      return KeyPairUtils.readKeyPair(
          new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      throw new IOException("not a PEM key pair (" + e.getMessage() + ")", e);
    }
  }

  private void createPrivateDirs(Path dir) throws IOException {
    var attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    Path acme = root.resolve("acme");
    for (Path p : new Path[] {root, acme, dir}) {
      if (!Files.isDirectory(p)) {
        try {
          Files.createDirectories(p.getParent());
          Files.createDirectory(p, attr);
        } catch (FileAlreadyExistsException e) {
          // created concurrently: fine
        }
      }
    }
    // The per-CA directory holds a private key: make sure it is private even if it existed.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(acme, PosixFilePermissions.fromString("rwx------"));
  }
}
