package dev.mailpush.ssh;

import dev.mailpush.inventory.SshConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Loads the private keys a host authenticates with, once per file for the whole run (a passphrase
 * is asked once, and decrypting is not repeated for every host). Loading happens before connecting,
 * so a bad key file is reported as such and not as a refused login.
 */
final class ClientKeys {
  private static final List<String> DEFAULT_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final Credentials credentials;
  private final Path home;
  private final ConcurrentMap<Path, List<KeyPair>> loaded = new ConcurrentHashMap<>();

  ClientKeys(Credentials credentials, Path home) {
    this.credentials = credentials;
    this.home = home;
  }

  /** The key files that would be tried for this config, in order. */
  List<Path> files(SshConfig ssh) {
    if (ssh.identityFile().isPresent()) {
      return List.of(expand(ssh.identityFile().get()));
    }
    Path dir = home.resolve(".ssh");
    return DEFAULT_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
  }

  /**
   * Keys for this config; an explicit identity file must load, default files that fail are skipped.
   */
  List<KeyPair> load(SshConfig ssh, String who) {
    List<Path> files = files(ssh);
    if (files.isEmpty()) {
      throw new SshException(
          SshException.Kind.KEY_UNREADABLE,
          "no SSH key to log in to "
              + who
              + ": none of "
              + DEFAULT_NAMES
              + " exists in "
              + home.resolve(".ssh"),
          "Set identity_file in [ssh] (or create a key with ssh-keygen -t ed25519 and install it with ssh-copy-id).");
    }
    List<KeyPair> keys = new ArrayList<>();
    SshException firstFailure = null;
    for (Path file : files) {
      try {
        keys.addAll(loaded.computeIfAbsent(file, this::read));
      } catch (SshException e) {
        if (ssh.identityFile().isPresent()) {
          throw e;
        }
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (keys.isEmpty() && firstFailure != null) {
      throw firstFailure;
    }
    return keys;
  }

  Path expand(Path path) {
    String s = path.toString();
    if (s.equals("~")) {
      return home;
    }
    return s.startsWith("~/") ? home.resolve(s.substring(2)) : path;
  }

  private List<KeyPair> read(Path file) {
    Passphrase passphrase = new Passphrase();
    try (InputStream in = Files.newInputStream(file)) {
      List<KeyPair> keys = new ArrayList<>();
      Iterable<KeyPair> found =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(file.toString()), in, passphrase);
      if (found != null) {
        found.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw unreadable(
            file,
            "holds no private key",
            "Point identity_file at the private key, not the .pub file.",
            null);
      }
      return List.copyOf(keys);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof SshException s) {
        throw s;
      }
      if (passphrase.asked.get() && !passphrase.given.get()) {
        throw unreadable(
            file,
            "is encrypted and no passphrase is available",
            "Set MAILPUSH_KEY_PASSPHRASE or run interactively to be asked for it.",
            e);
      }
      if (passphrase.given.get()) {
        throw unreadable(
            file,
            "could not be decrypted: wrong passphrase?",
            "Check the passphrase (ssh-keygen -y -f " + file + " tests it).",
            e);
      }
      throw unreadable(
          file,
          "cannot be read (" + e.getMessage() + ")",
          "Check that it exists, is readable by you, and is an OpenSSH or PEM private key (ed25519, ECDSA or RSA).",
          e);
    }
  }

  private static SshException unreadable(Path file, String what, String hint, Throwable cause) {
    return new SshException(
        SshException.Kind.KEY_UNREADABLE, "SSH key " + file + " " + what, hint, cause);
  }

  /** Asks {@link Credentials} for the passphrase of one file and remembers whether it had one. */
  private final class Passphrase implements FilePasswordProvider {
    final AtomicBoolean asked = new AtomicBoolean();
    final AtomicBoolean given = new AtomicBoolean();

    @Override
    public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
      asked.set(true);
      Optional<Secret> secret = credentials.keyPassphrase(resource.getName());
      given.set(secret.isPresent());
      return secret.map(Secret::reveal).orElse(null);
    }
  }
}
