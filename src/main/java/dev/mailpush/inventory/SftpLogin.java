package dev.mailpush.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the host logs in to an {@code sftp:} repository with a key of its own: restic starts {@code
 * ssh} itself, so mailpush gives it the whole command (restic's {@code sftp.command}) with this
 * key, this host key and nothing from root's own SSH settings.
 *
 * @param host the backup server, as in the repository
 * @param user the login there, when the repository names one
 * @param port the SSH port, when the repository names one
 * @param privateKey the key's text (OpenSSH format), a secret
 * @param knownHosts the backup server's host key lines ({@code ssh-keyscan} format)
 */
public record SftpLogin(
    String host, Optional<String> user, OptionalInt port, String privateKey, String knownHosts) {

  /** Where deploy puts the key and the host keys; the backup script hands restic the command. */
  public static final String KEY_PATH = "/etc/mailpush/backup/ssh_key";

  public static final String KNOWN_HOSTS_PATH = "/etc/mailpush/backup/known_hosts";

  // sftp:user@host:/path, sftp:host:path, sftp://user@host:port//path (restic's two forms).
  private static final Pattern SHORT =
      Pattern.compile("sftp:(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+):.+");
  private static final Pattern URL =
      Pattern.compile("sftp://(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?/.+");

  public SftpLogin {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(knownHosts, "knownHosts");
  }

  /** The server, login and port an {@code sftp:} repository names; empty when it is not one. */
  static Optional<SftpLogin> target(String repository) {
    for (Pattern p : List.of(URL, SHORT)) {
      Matcher m = p.matcher(repository);
      if (m.matches()) {
        OptionalInt port =
            m.groupCount() >= 3 && m.group(3) != null
                ? OptionalInt.of(Integer.parseInt(m.group(3)))
                : OptionalInt.empty();
        return Optional.of(
            new SftpLogin(m.group(2), Optional.ofNullable(m.group(1)), port, "", ""));
      }
    }
    return Optional.empty();
  }

  SftpLogin withKeys(String key, String hosts) {
    return new SftpLogin(host, user, port, key, hosts);
  }

  /**
   * restic's {@code sftp.command}: strict host key checking against {@link #KNOWN_HOSTS_PATH}, only
   * this key, never a prompt.
   */
  public String command() {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ssh",
                "-i",
                KEY_PATH,
                "-F",
                "none",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "UserKnownHostsFile=" + KNOWN_HOSTS_PATH,
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "ServerAliveInterval=30"));
    port.ifPresent(p -> argv.addAll(List.of("-p", String.valueOf(p))));
    user.ifPresent(u -> argv.addAll(List.of("-l", u)));
    argv.addAll(List.of(host, "-s", "sftp"));
    return String.join(" ", argv);
  }

  @Override
  public String toString() {
    return "SftpLogin[host=" + host + ", key=(secret)]";
  }
}
