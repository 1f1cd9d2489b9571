package dev.mailpush.tls;

import dev.mailpush.inventory.TlsConfig;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves HTTP-01 key authorizations from the host for the duration of the challenges, and leaves
 * nothing behind when closed (closing never throws over a failure of its own: it reports it).
 */
interface ChallengeResponder extends AutoCloseable {
  Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  /**
   * Makes {@code http://HOST/.well-known/acme-challenge/TOKEN} answer the content, for every entry.
   */
  void publish(Map<String, String> tokens);

  @Override
  void close();

  static ChallengeResponder forMode(TlsConfig tls, String hostname, HostSession session) {
    return tls.challenge() == TlsConfig.Challenge.WEBROOT
        ? new Webroot(session, tls.webroot())
        : new Standalone(session, hostname);
  }

  private static List<String> pairs(Map<String, String> tokens) {
    List<String> args = new ArrayList<>();
    tokens.forEach(
        (token, content) -> {
          if (!TOKEN.matcher(token).matches()) {
            throw new AcmeFailure("the CA sent a challenge token with unexpected characters", "");
          }
          args.add(token);
          args.add(content);
        });
    return args;
  }

  private static String text(ExecResult r) {
    String err = r.stderrText().strip();
    return err.isEmpty() ? r.stdoutText().strip() : err;
  }

  /** A transient systemd unit answering on port 80 (see {@link HostScripts#START_RESPONDER}). */
  final class Standalone implements ChallengeResponder {
    private final HostSession session;
    private final String hostname;
    private boolean started;

    Standalone(HostSession session, String hostname) {
      this.session = session;
      this.hostname = hostname;
    }

    @Override
    public void publish(Map<String, String> tokens) {
      List<String> argv =
          new ArrayList<>(
              List.of(
                  "sh",
                  "-c",
                  HostScripts.START_RESPONDER,
                  "sh",
                  HostScripts.RESPONDER_UNIT,
                  HostScripts.RESPONDER_DIR));
      argv.addAll(pairs(tokens));
      started = true; // from here on, close() cleans up whatever part of the start happened
      ExecResult r =
          session.exec(
              ExecRequest.root(argv, HostScripts.RESPONDER.getBytes(StandardCharsets.UTF_8)));
      if (r.exitCode() == 11) {
        throw new AcmeFailure(
            "port 80 on "
                + hostname
                + " is already in use, so the temporary HTTP-01 responder"
                + " (challenge = \"standalone\") cannot answer there:\n    "
                + r.stdoutText().strip().replace("\n", "\n    "),
            "a web server already runs on this host: set challenge = \"webroot\" and webroot = \"<its document root"
                + " for http://"
                + hostname
                + "/>\" in [tls] (or [hosts.NAME.tls]); or stop what holds port 80");
      }
      if (!r.succeeded()) {
        throw new AcmeFailure(
            "could not start the temporary HTTP-01 responder on port 80 (exit "
                + r.exitCode()
                + "): "
                + text(r),
            "challenge = \"standalone\" needs systemd (systemd-run, systemd-socket-activate);"
                + " otherwise use challenge = \"webroot\" with a web server");
      }
    }

    @Override
    public void close() {
      if (!started) {
        return;
      }
      ExecResult r =
          session.exec(
              ExecRequest.root(
                  List.of(
                      "sh",
                      "-c",
                      HostScripts.STOP_RESPONDER,
                      "sh",
                      HostScripts.RESPONDER_UNIT,
                      HostScripts.RESPONDER_DIR)));
      if (!r.succeeded()) {
        throw new AcmeFailure(
            "could not stop the temporary HTTP-01 responder: " + text(r),
            "stop it by hand: systemctl stop "
                + HostScripts.RESPONDER_UNIT
                + " (it stops by itself after 10 minutes)");
      }
    }
  }

  /** Token files under the webroot of a web server that already runs on the host. */
  final class Webroot implements ChallengeResponder {
    private final HostSession session;
    private final String webroot;
    private final List<String> tokens = new ArrayList<>();
    private final List<String> createdDirs = new ArrayList<>();

    Webroot(HostSession session, String webroot) {
      this.session = session;
      this.webroot = webroot;
    }

    @Override
    public void publish(Map<String, String> tokenMap) {
      List<String> argv =
          new ArrayList<>(List.of("sh", "-c", HostScripts.WEBROOT_PUBLISH, "sh", webroot));
      argv.addAll(pairs(tokenMap));
      tokens.addAll(tokenMap.keySet());
      ExecResult r = session.exec(ExecRequest.root(argv));
      r.stdoutText().lines().filter(l -> !l.isBlank()).forEach(createdDirs::add);
      if (!r.succeeded()) {
        throw new AcmeFailure(
            "could not write the HTTP-01 token under "
                + webroot
                + "/.well-known/acme-challenge/: "
                + text(r),
            "webroot must be the document root the web server on this host serves for http://HOST/");
      }
    }

    @Override
    public void close() {
      if (tokens.isEmpty()) {
        return;
      }
      List<String> argv =
          new ArrayList<>(List.of("sh", "-c", HostScripts.WEBROOT_REMOVE, "sh", webroot));
      argv.addAll(tokens);
      argv.add("--");
      List<String> dirs = new ArrayList<>(createdDirs);
      Collections.reverse(dirs);
      argv.addAll(dirs);
      session.exec(ExecRequest.root(argv));
    }
  }
}
