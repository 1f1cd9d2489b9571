package dev.mailpush.ssh;

import dev.mailpush.inventory.SshConfig;
import dev.mailpush.inventory.SshConfig.JumpHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.global.OpenSshHostKeysHandler;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientUserAuthServiceFactory;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens one {@link HostSession} per host over a single MINA {@link SshClient} shared by the whole
 * run. Authentication is public-key only; host keys are checked against known_hosts, never accepted
 * blindly. Each connection keeps itself alive as its host's {@code keepalive_interval} and {@code
 * keepalive_count} say.
 */
public final class SshConnector implements AutoCloseable {
  private final Credentials credentials;
  private final ClientKeys keys;
  private final SshClient client;

  /** With the admin's home directory for the default keys and {@code ~} paths. */
  public SshConnector(Credentials credentials, Path home) {
    this.credentials = credentials;
    this.keys = new ClientKeys(credentials, home);
    this.client = SshClient.setUpDefaultClient();
    // MINA leaves Nagle on: ~46 ms instead of ~4 ms per exec round trip on loopback.
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, SshConfig.KeepAlive.DEFAULT.interval());
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, SshConfig.KeepAlive.DEFAULT.count());
    client.setServiceFactories(List.of(ClientUserAuthServiceFactory.INSTANCE, new KeepAlives()));
    // After login OpenSSH announces all its host keys (hostkeys-00@openssh.com, UpdateHostKeys).
    // MINA's handler parses each one, and Bouncy Castle checks an RSA modulus with a Miller-Rabin
    // test: 70 % of the controller's CPU in a 50-host no-op (bench/PROFILE.md). mailpush never
    // learns keys that way (known_hosts is the admin's), so the announcement is left unread.
    client.setGlobalRequestHandlers(
        ClientBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS.stream()
            .filter(h -> !(h instanceof OpenSshHostKeysHandler))
            .toList());
    client.setKeyExchangeFactories(KexPreference.mlkemFirst(client.getKeyExchangeFactories()));
    client.setServerKeyVerifier(new HostKeyVerification());
    client.addSessionListener(new HostKeyAlgorithmOrder());
    // Only the inventory decides: no ~/.ssh/config, no keys MINA would find by itself, no
    // passwords.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.start();
  }

  /**
   * Connects and authenticates to one host, through its jump host if it has one.
   *
   * @param hostName the inventory name, for messages
   * @param address where to connect, as written in the inventory (also the known_hosts name)
   * @throws SshException classified, with a hint
   */
  public HostSession open(String hostName, String address, SshConfig ssh) {
    Duration timeout = ssh.connectTimeout();
    Path knownHosts = keys.expand(ssh.knownHosts());
    String who = hostName + " (" + address + ":" + ssh.port() + ")";
    List<KeyPair> identities = keys.load(ssh, who);
    List<Path> keyFiles = keys.files(ssh);
    ClientSession jump = null;
    try {
      InetSocketAddress via = null;
      if (ssh.jumpHost().isPresent()) {
        JumpHost j = ssh.jumpHost().get();
        String jumpWho = "jump host " + j.address() + ":" + j.port() + " (for " + hostName + ")";
        jump =
            login(
                new HostKeyCheck(j.address(), j.port(), knownHosts, ssh.hostKeyPolicy()),
                ssh.keepAlive(),
                j.user(),
                null,
                identities,
                keyFiles,
                timeout,
                jumpWho);
        ExplicitPortForwardingTracker tunnel =
            jump.createLocalPortForwardingTracker(
                SshdSocketAddress.LOCALHOST_ADDRESS, new SshdSocketAddress(address, ssh.port()));
        via = tunnel.getBoundAddress().toInetSocketAddress();
      }
      HostKeyCheck check = new HostKeyCheck(address, ssh.port(), knownHosts, ssh.hostKeyPolicy());
      String target = jump == null ? who : who + " via " + ssh.jumpHost().get().address();
      ClientSession session =
          login(check, ssh.keepAlive(), ssh.user(), via, identities, keyFiles, timeout, target);
      ClientSession bastion = jump;
      return new MinaHostSession(
          hostName,
          ssh.user(),
          session,
          bastion == null ? null : bastion::close,
          ssh.become(),
          credentials,
          timeout);
    } catch (IOException | RuntimeException e) {
      if (jump != null) {
        jump.close(true);
      }
      throw e instanceof IOException io ? ConnectErrors.connect(who, io) : (RuntimeException) e;
    }
  }

  private ClientSession login(
      HostKeyCheck check,
      SshConfig.KeepAlive keepAlive,
      String user,
      InetSocketAddress via,
      List<KeyPair> identities,
      List<Path> keyFiles,
      Duration timeout,
      String who) {
    ClientSession session;
    // What the shared verifier and keepalive factory read for this connection.
    AttributeRepository context =
        AttributeRepository.ofAttributesMap(
            Map.<AttributeRepository.AttributeKey<?>, Object>of(
                HostKeyCheck.KEY, check, KeepAlives.KEY, keepAlive));
    try {
      ConnectFuture connecting =
          via == null
              ? client.connect(user, check.host(), check.port(), context, null)
              : client.connect(user, via, context, null);
      if (!connecting.await(timeout)) {
        connecting.cancel();
        throw ConnectErrors.timeout(who, timeout, null);
      }
      if (connecting.getException() != null) {
        throw ConnectErrors.connect(who, connecting.getException());
      }
      session = connecting.getSession();
    } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
      throw ConnectErrors.connect(who, e);
    }
    try {
      identities.forEach(session::addPublicKeyIdentity);
      AuthFuture auth = session.auth();
      if (!auth.await(timeout)) {
        throw check.failure(who).orElseGet(() -> ConnectErrors.timeout(who, timeout, null));
      }
      if (!auth.isSuccess()) {
        Throwable cause =
            auth.getException() == null
                ? new IOException("authentication failed")
                : auth.getException();
        throw check.failure(who).orElseGet(() -> ConnectErrors.auth(who, user, keyFiles, cause));
      }
      return session;
    } catch (IOException e) {
      session.close(true);
      throw check.failure(who).orElseGet(() -> ConnectErrors.auth(who, user, keyFiles, e));
    } catch (RuntimeException e) {
      session.close(true);
      throw e;
    }
  }

  @Override
  public void close() {
    client.stop();
  }
}
