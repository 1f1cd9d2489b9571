package dev.mailpush.ssh;

import dev.mailpush.MailpushException;
import dev.mailpush.inventory.SshConfig.Become;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/** One authenticated MINA session for one host; every exec opens a channel on it. */
final class MinaHostSession implements HostSession {
  private final String host;
  private final String user;
  private final ClientSession session;
  private final AutoCloseable jump;
  private final Become become;
  private final Credentials credentials;
  private final Duration openTimeout;
  private final AtomicInteger execs = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  // Set when the session died of unanswered keepalives. Kept here: MINA clears a session's
  // attributes once closed.
  private final AtomicReference<String> silence = new AtomicReference<>();

  // Resolved on the first root exec under sudo, then fixed for the session.
  private Privilege root;
  private Secret sudoPassword;

  MinaHostSession(
      String host,
      String user,
      ClientSession session,
      AutoCloseable jump,
      Become become,
      Credentials credentials,
      Duration openTimeout) {
    this.host = host;
    this.user = user;
    this.session = session;
    this.jump = jump;
    this.become = become;
    this.credentials = credentials;
    this.openTimeout = openTimeout;
    session.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionException(Session s, Throwable t) {
            KeepAlives.silence(s, t).ifPresent(silence::set);
          }
        });
  }

  /** The key exchange negotiated with this host, as SSH names it. */
  String keyExchange() {
    return session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS);
  }

  @Override
  public ExecResult exec(ExecRequest request) {
    Privilege privilege = request.asRoot() ? rootPrivilege() : Privilege.AS_USER;
    return send(CommandLine.of(request, privilege, sudoPassword), commandName(request.argv()));
  }

  @Override
  public RemoteProcess start(ExecRequest request) {
    if (request.stdin().length > 0) {
      throw new IllegalArgumentException("a started command takes its stdin from the stream");
    }
    Privilege privilege = request.asRoot() ? rootPrivilege() : Privilege.AS_USER;
    CommandLine command = CommandLine.of(request, privilege, sudoPassword);
    String name = commandName(request.argv());
    execs.incrementAndGet();
    sent.addAndGet(command.size());
    try {
      return ChannelProcess.start(session, command, openTimeout, e -> lost(name, e));
    } catch (IOException | RuntimeException e) {
      throw lost(name, e);
    }
  }

  /** The program a message should name: not "sh" or "env" in front of it. */
  static String commandName(List<String> argv) {
    if (argv.size() > 1 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
      return "a shell script";
    }
    int i = 0;
    if (argv.get(0).equals("env")) {
      for (i = 1; i < argv.size() - 1 && argv.get(i).contains("="); i++) {
        // skip VAR=value
      }
    }
    return argv.get(i);
  }

  @Override
  public void upload(String remotePath, byte[] content, String mode, String owner, String group) {
    ExecResult result = exec(UploadCommand.request(remotePath, content, mode, owner, group));
    if (!result.succeeded()) {
      throw new MailpushException(
          "writing "
              + remotePath
              + " on "
              + host
              + " failed (exit "
              + result.exitCode()
              + "): "
              + result.stderrText().strip(),
          "Check that the directory exists"
              + (owner != null || group != null
                  ? " and that user/group " + owner + ":" + group + " exist"
                  : "")
              + " on "
              + host
              + ", and that the file system has space.");
    }
  }

  @Override
  public int execCount() {
    return execs.get();
  }

  @Override
  public long bytesSent() {
    return sent.get();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (IOException e) {
      session.close(true);
    }
    if (jump != null) {
      try {
        jump.close();
      } catch (Exception e) {
        // Closing a bastion that already went away: nothing left to release.
      }
    }
  }

  private Privilege rootPrivilege() {
    if (become == Become.NONE) {
      return Privilege.AS_USER;
    }
    if (root == null) {
      Privilege found =
          SudoProbe.interpret(
              host,
              user,
              send(
                  CommandLine.of(ExecRequest.root(SudoProbe.PROBE), Privilege.AS_USER, null),
                  "sudo"));
      if (found == Privilege.SUDO_PASSWORD) {
        Secret password =
            credentials
                .becomePassword()
                .filter(p -> !p.reveal().isEmpty())
                .orElseThrow(
                    () ->
                        new SshException(
                            SshException.Kind.SUDO_PASSWORD_REQUIRED,
                            "sudo on "
                                + host
                                + " needs a password for user "
                                + user
                                + " and none was given",
                            "Set MAILPUSH_BECOME_PASSWORD or run interactively to be asked, or allow "
                                + user
                                + " NOPASSWD in /etc/sudoers.d/."));
        ExecRequest check = ExecRequest.root(SudoProbe.PASSWORD_CHECK);
        SudoProbe.checkPassword(
            host, user, send(CommandLine.of(check, Privilege.SUDO_PASSWORD, password), "sudo"));
        sudoPassword = password;
      }
      root = found;
    }
    return root;
  }

  private ExecResult send(CommandLine command, String name) {
    execs.incrementAndGet();
    sent.addAndGet(command.size());
    try {
      return ChannelRun.run(session, command, openTimeout);
    } catch (IOException | RuntimeException e) {
      throw lost(name, e);
    }
  }

  private SshException lost(String name, Exception e) {
    // A silent network shows up here only as a closed channel: say what actually ended the
    // session.
    String why = silence.get() != null ? silence.get() : ConnectErrors.rootMessage(e);
    return new SshException(
        SshException.Kind.CONNECTION_LOST,
        "connection to " + host + " lost while running " + name + ": " + why,
        "The host may have rebooted, dropped the connection or run out of resources; re-run when it is back.",
        e);
  }
}
