package dev.mailpush.engine;

import dev.mailpush.facts.Sha256;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.ExecResult;
import dev.mailpush.ssh.HostSession;
import dev.mailpush.ssh.SshException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Debian 12 host in memory for engine tests. It answers the fact probe from what it holds
 * (regular files, pending handler marks, extra probe lines), keeps what the engine's write, stage
 * and commit, mark and handler scripts would leave on a real host, answers {@code --diff}'s reads,
 * and records every command. A path the probe names that the host does not hold is missing; a guard
 * holds unless {@link #guard} said otherwise. Faults are added per test: a command that exits
 * non-zero, a transport failure under a command, or a connection that drops under a command and
 * stays dropped until {@link #heal}.
 */
final class FakeSession implements HostSession {
  /** How the probe runs a guard: {@code if ( CONDITION ) ...; then printf 'G\tINDEX\t0\n'; ...}. */
  private static final Pattern GUARD =
      Pattern.compile("if \\( (.*) \\) </dev/null .*printf 'G\\\\t(\\d+)\\\\t0.*");

  /** Every command sent, in order. */
  final List<ExecRequest> sent = new ArrayList<>();

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Set<String> marks = new LinkedHashSet<>();
  private final Map<String, Boolean> guards = new LinkedHashMap<>();
  private final Map<String, byte[]> staged = new LinkedHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>();
  private String probeExtra = "";
  private boolean lost;

  /**
   * A result to answer with, or a transport failure to throw (sticky: the connection stays gone).
   */
  private record Fault(
      Predicate<ExecRequest> when, ExecResult result, SshException failure, boolean sticky) {}

  private record Effect(Predicate<ExecRequest> when, Consumer<FakeSession> change) {}

  /** A regular file (0644, root:root) the host already has. */
  FakeSession file(String path, String content) {
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Raw lines the probe's answer carries besides the OS, files and marks (leftovers, say). */
  FakeSession probeAnswers(String lines) {
    probeExtra = lines;
    return this;
  }

  /** A pending mark already on the host, by its file name. */
  FakeSession mark(String fileName) {
    marks.add(fileName);
    return this;
  }

  FakeSession guard(String condition, boolean holds) {
    guards.put(condition, holds);
    return this;
  }

  /** Commands matching {@code when} exit with {@code exit} and {@code stderr}, changing nothing. */
  FakeSession failing(Predicate<ExecRequest> when, int exit, String stderr) {
    faults.add(
        new Fault(
            when,
            new ExecResult(exit, new byte[0], stderr.getBytes(StandardCharsets.UTF_8)),
            null,
            false));
    return this;
  }

  /**
   * The connection drops under the first command matching {@code when}; every later command fails
   * too.
   */
  FakeSession losingConnection(Predicate<ExecRequest> when) {
    faults.add(new Fault(when, null, lostConnection(), true));
    return this;
  }

  /**
   * Commands matching {@code when} fail in the transport with {@code failure}; later commands work.
   */
  FakeSession throwing(Predicate<ExecRequest> when, SshException failure) {
    faults.add(new Fault(when, null, failure, false));
    return this;
  }

  /**
   * What a matching command does to the host besides exiting 0 (a package install creating a file,
   * say).
   */
  FakeSession on(Predicate<ExecRequest> when, Consumer<FakeSession> change) {
    effects.add(new Effect(when, change));
    return this;
  }

  /**
   * The faults are gone (the disk was cleaned, the network is back): the next run meets a healthy
   * host.
   */
  FakeSession heal() {
    faults.clear();
    lost = false;
    return this;
  }

  static Predicate<ExecRequest> argv(String... words) {
    return r -> r.argv().containsAll(Arrays.asList(words));
  }

  static Predicate<ExecRequest> writing(String path) {
    return r ->
        r.argv().size() > 4
            && r.argv().get(2).equals(RemoteScripts.WRITE)
            && r.argv().get(4).equals(path);
  }

  static boolean isProbe(ExecRequest r) {
    return r.argv().equals(List.of("sh", "-s"));
  }

  /** The probes sent so far, as the scripts the host ran. */
  List<String> probes() {
    return sent.stream()
        .filter(FakeSession::isProbe)
        .map(r -> new String(r.stdin(), StandardCharsets.UTF_8))
        .toList();
  }

  /** Every command but the probes. */
  List<ExecRequest> commands() {
    return sent.stream().filter(r -> !isProbe(r)).toList();
  }

  Set<String> marks() {
    return Set.copyOf(marks);
  }

  String content(String path) {
    byte[] b = files.get(path);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /**
   * Whether the probe script asks about {@code path} (the probe names its paths in sorted words).
   */
  static boolean asksFor(String probe, String path) {
    return probe
        .lines()
        .anyMatch(
            l ->
                l.startsWith("set -- ") && Arrays.asList(l.substring(7).split(" ")).contains(path));
  }

  @Override
  public ExecResult exec(ExecRequest request) {
    sent.add(request);
    if (lost) {
      throw lostConnection();
    }
    for (Fault f : faults) {
      if (f.when().test(request)) {
        if (f.failure() != null) {
          lost = f.sticky();
          throw f.failure();
        }
        return f.result();
      }
    }
    List<String> argv = request.argv();
    if (isProbe(request)) {
      return ok(probe(new String(request.stdin(), StandardCharsets.UTF_8)));
    }
    String script =
        argv.size() > 2 && argv.get(0).equals("sh") && argv.get(1).equals("-c") ? argv.get(2) : "";
    effects.stream().filter(e -> e.when().test(request)).forEach(e -> e.change().accept(this));
    if (script.equals(RemoteScripts.WRITE)) {
      files.put(argv.get(4), request.stdin());
    } else if (script.equals(RemoteScripts.READ_FILES)) {
      ByteArrayOutputStream dump = new ByteArrayOutputStream();
      for (String p : argv.subList(4, argv.size())) {
        byte[] content = files.get(p);
        dump.writeBytes(
            ((content == null ? -1 : content.length) + "\n").getBytes(StandardCharsets.US_ASCII));
        dump.writeBytes(content == null ? new byte[0] : content);
      }
      return new ExecResult(0, dump.toByteArray(), new byte[0]);
    } else if (script.equals(RemoteScripts.STAGE)) {
      String path = argv.get(4);
      String temp =
          path.substring(0, path.lastIndexOf('/') + 1) + ".mailpush.T" + staged.size() + "xxxx";
      staged.put(temp, request.stdin());
      return ok(temp + "\n");
    } else if (script.equals(RemoteScripts.COMMIT)) {
      int n = Integer.parseInt(argv.get(4));
      for (int i = 0; i < n; i++) {
        files.put(argv.get(6 + 2 * i), staged.remove(argv.get(5 + 2 * i)));
      }
    } else if (script.equals(RemoteScripts.MARK_PENDING)) {
      marks.addAll(argv.subList(5, argv.size()));
    } else if (script.equals(RemoteScripts.RUN_HANDLER)) {
      marks.remove(argv.get(4).substring(PendingMark.DIR.length() + 1));
      marks.remove(argv.get(5).substring(PendingMark.DIR.length() + 1));
    } else if (argv.get(0).equals("rm")) {
      for (String p : argv.subList(3, argv.size())) {
        files.remove(p);
        if (p.startsWith(PendingMark.DIR + "/")) {
          marks.remove(p.substring(PendingMark.DIR.length() + 1));
        }
      }
    }
    return ok("");
  }

  private String probe(String script) {
    StringBuilder out = new StringBuilder("O\tID\tdebian\nO\tVERSION_ID\t\"12\"\n");
    marks.forEach(m -> out.append("H\t").append(m).append('\n'));
    out.append(probeExtra);
    script
        .lines()
        .filter(l -> l.startsWith("set -- "))
        .findFirst()
        .ifPresent(
            l -> {
              for (String path : l.substring(7).split(" ")) {
                byte[] content = files.get(path);
                if (content == null) {
                  out.append("F\t").append(path).append("\tmissing\n");
                } else {
                  out.append("F\t")
                      .append(path)
                      .append("\tfile\t644\troot\troot\t")
                      .append(content.length)
                      .append('\n');
                  out.append("D\t")
                      .append(Sha256.hex(content))
                      .append("  ")
                      .append(path)
                      .append('\n');
                }
              }
            });
    for (String line : script.lines().toList()) {
      Matcher m = GUARD.matcher(line);
      if (m.matches()) {
        boolean holds = guards.getOrDefault(m.group(1), true);
        out.append("G\t").append(m.group(2)).append('\t').append(holds ? "0" : "1").append('\n');
      }
    }
    return out.append("END\n").toString();
  }

  private static SshException lostConnection() {
    return new SshException(
        SshException.Kind.CONNECTION_LOST,
        "the connection to mx1 was lost (the channel closed)",
        "");
  }

  private static ExecResult ok(String stdout) {
    return new ExecResult(0, stdout.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  @Override
  public void upload(String remotePath, byte[] content, String mode, String owner, String group) {
    throw new UnsupportedOperationException("the engine writes files with its own script");
  }

  @Override
  public int execCount() {
    return sent.size();
  }

  @Override
  public long bytesSent() {
    return 0;
  }

  @Override
  public void close() {}
}
