package dev.mailpush.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/** An embedded sshd on 127.0.0.1 that runs commands with the local sh and accepts one user key. */
final class TestServer implements AutoCloseable {
  final SshServer sshd;
  final KeyPair hostKey;
  final AtomicInteger sessions = new AtomicInteger();

  TestServer(PublicKey authorized) throws IOException, GeneralSecurityException {
    this(authorized, Map.of());
  }

  TestServer(PublicKey authorized, Map<String, String> env)
      throws IOException, GeneralSecurityException {
    hostKey = ed25519();
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    CoreModuleProperties.TCP_NODELAY.set(sshd, true);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(authorized, key));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory(new ShCommandFactory(env));
    // Lets the same server act as a jump host (direct-tcpip to the target).
    sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    sshd.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            sessions.incrementAndGet();
          }
        });
    sshd.start();
  }

  int port() {
    return sshd.getPort();
  }

  void dropAllSessions() {
    sshd.getActiveSessions().forEach(s -> s.close(true));
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair("ssh-ed25519", 256);
  }

  /** Writes an OpenSSH private key file, encrypted when {@code passphrase} is not null. */
  static Path writeKey(Path file, KeyPair key, String passphrase)
      throws IOException, GeneralSecurityException {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, out);
    }
    return file;
  }
}
