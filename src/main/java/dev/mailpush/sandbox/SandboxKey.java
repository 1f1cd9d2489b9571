package dev.mailpush.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The sandbox's login key, made in-process with the SSH library mailpush already carries: no {@code
 * ssh-keygen} needed on the admin machine. Written in OpenSSH's format, so {@code ssh -i} works
 * with it too.
 */
final class SandboxKey {
  private SandboxKey() {}

  /** Writes {@code identity} (0600) and {@code identity.pub}; returns the authorized_keys line. */
  static String write(Path identity) throws IOException {
    KeyPair pair;
    try {
      pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an ed25519 key", e);
    }
    Files.deleteIfExists(identity);
    // Created with 0600 from the start: the private key is never readable by others, not even
    // briefly.
    Files.createFile(
        identity,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(identity, StandardOpenOption.TRUNCATE_EXISTING)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "mailpush-sandbox", null, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the ed25519 key", e);
    }
    String publicLine = PublicKeyEntry.toString(pair.getPublic()) + " mailpush-sandbox";
    Files.writeString(identity.resolveSibling(identity.getFileName() + ".pub"), publicLine + "\n");
    return publicLine;
  }
}
