package dev.mailpush.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Appends accepted host keys in OpenSSH's format; hosts connect in parallel, so appends are
 * serialised.
 */
final class KnownHostsFile {
  private final Path file;
  private final Object lock = new Object();

  KnownHostsFile(Path file) {
    this.file = file;
  }

  /**
   * Adds {@code name key} ({@code name} is {@code host} or {@code [host]:port}, as OpenSSH writes
   * it) unless an equal entry is already there: another thread may have accepted the same host
   * meanwhile.
   */
  void append(String host, int port, String name, PublicKey key) throws IOException {
    String line = name + " " + PublicKeyEntry.toString(key) + "\n";
    synchronized (lock) {
      createIfMissing();
      // The file lock guards against another mailpush (or ssh) process appending at the same time.
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock fileLock = ch.lock();
        try {
          if (contains(host, port, key)) {
            return;
          }
          long size = ch.size();
          String text = size > 0 && !endsWithNewline(ch, size) ? "\n" + line : line;
          ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), size);
          ch.force(false);
        } finally {
          fileLock.release();
        }
      }
    }
  }

  private boolean contains(String host, int port, PublicKey key) throws IOException {
    if (Files.size(file) == 0) {
      return false;
    }
    for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
      AuthorizedKeyEntry keyEntry = entry.getKeyEntry();
      if (keyEntry == null || !entry.isHostMatch(host, port)) {
        continue;
      }
      try {
        if (KeyUtils.compareKeys(
            key, keyEntry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING))) {
          return true;
        }
      } catch (java.security.GeneralSecurityException e) {
        // An entry we cannot decode is not ours; keep looking.
      }
    }
    return false;
  }

  private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    ch.read(last, size - 1);
    return last.get(0) == '\n';
  }

  private static FileAttribute<?>[] perms(String spec) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(spec))
    };
  }

  /** Creates the file 0600 (its directory 0700) when missing, whatever the process umask. */
  private void createIfMissing() throws IOException {
    if (!Files.exists(file)) {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(dir, perms("rwx------"));
      }
      Files.createFile(file, perms("rw-------"));
    }
  }
}
