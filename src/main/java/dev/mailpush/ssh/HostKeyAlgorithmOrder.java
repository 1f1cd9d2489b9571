package dev.mailpush.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * Puts the host key algorithms that known_hosts already holds for a host first in the key exchange
 * proposal, as OpenSSH does. Without it a server offering several keys may present one that
 * known_hosts lacks (MINA prefers ECDSA, OpenSSH records ed25519), and strict checking would refuse
 * a perfectly known host.
 */
final class HostKeyAlgorithmOrder implements SessionListener {
  /**
   * known_hosts as last parsed, per file: parsing 1,000 lines costs ~11 ms, and a run against 500
   * hosts would parse it once per connection (bench/PROFILE.md). Parsed again when its size or time
   * changes (accept-new appends to it).
   */
  private final ConcurrentMap<Path, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(long size, FileTime modified, List<KnownHostEntry> entries) {}

  @Override
  public void sessionNegotiationOptionsCreated(
      Session session, Map<KexProposalOption, String> proposal) {
    if (!(session instanceof ClientSession client) || client.getConnectionContext() == null) {
      return;
    }
    HostKeyCheck check = client.getConnectionContext().getAttribute(HostKeyCheck.KEY);
    String offered = proposal.get(KexProposalOption.SERVERKEYS);
    if (check == null || offered == null) {
      return;
    }
    Set<String> known = knownKeyTypes(check);
    // Nothing known yet (accept-new records it, strict reports it): ask for ed25519 first, as
    // OpenSSH does,
    // so the key recorded or shown is the one OpenSSH records and admins check
    // (ssh_host_ed25519_key.pub).
    Set<String> preferred = known.isEmpty() ? Set.of("ssh-ed25519") : known;
    proposal.put(
        KexProposalOption.SERVERKEYS,
        String.join(",", reorder(List.of(offered.split(",")), preferred)));
  }

  /** Algorithms for the known key types first (in the offered order), then the rest. */
  static List<String> reorder(List<String> offered, Set<String> knownKeyTypes) {
    List<String> first = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String algorithm : offered) {
      (knownKeyTypes.stream().anyMatch(type -> signs(type, algorithm)) ? first : rest)
          .add(algorithm);
    }
    first.addAll(rest);
    return first;
  }

  private static boolean signs(String keyType, String algorithm) {
    if (keyType.equals("ssh-rsa")) {
      return algorithm.startsWith("rsa-sha2-") || algorithm.startsWith("ssh-rsa");
    }
    return algorithm.equals(keyType) || algorithm.startsWith(keyType + "-cert");
  }

  private Set<String> knownKeyTypes(HostKeyCheck check) {
    Set<String> types = new LinkedHashSet<>();
    if (!Files.isRegularFile(check.knownHosts())) {
      return types;
    }
    try {
      for (KnownHostEntry e : entries(check.knownHosts())) {
        if (e.getKeyEntry() != null && e.isHostMatch(check.host(), check.port())) {
          types.add(e.getKeyEntry().getKeyType());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return types;
  }

  /** The file's entries, parsed again only when it changed since the last parse. */
  List<KnownHostEntry> entries(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    BasicFileAttributes now = Files.readAttributes(key, BasicFileAttributes.class);
    Parsed last = parsed.get(key);
    if (last != null
        && last.size() == now.size()
        && last.modified().equals(now.lastModifiedTime())) {
      return last.entries();
    }
    List<KnownHostEntry> entries = List.copyOf(KnownHostEntry.readKnownHostEntries(key));
    parsed.put(key, new Parsed(now.size(), now.lastModifiedTime(), entries));
    return entries;
  }
}
