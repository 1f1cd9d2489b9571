package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write scripts run by the local {@code sh} (this machine is Debian too): a transfer that ends
 * early must never replace the file, the previous version is kept without copying it, and a
 * validated group is put back byte for byte when rejected, even when nobody reads the script's
 * output any more.
 */
class WriteScriptLocalTest {
  @TempDir Path dir;

  /** TMPDIR of the scripts: where the commit script keeps the validator's output. */
  @TempDir Path tmp;

  private record Run(int exit, String stdout, String stderr) {}

  private Run write(Path target, String stdin, int declaredSize)
      throws IOException, InterruptedException {
    return sh(
        List.of(
            RemoteScripts.WRITE,
            "sh",
            target.toString(),
            "0640",
            user(),
            "",
            "1",
            Integer.toString(declaredSize)),
        stdin);
  }

  private Run stage(Path target, String stdin, int declaredSize)
      throws IOException, InterruptedException {
    return sh(
        List.of(
            RemoteScripts.STAGE,
            "sh",
            target.toString(),
            "0640",
            user(),
            "",
            Integer.toString(declaredSize)),
        stdin);
  }

  /** Stages each target with its new content and runs the commit script with the validator. */
  private Run commit(Map<Path, String> files, List<String> validator)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(List.of(RemoteScripts.COMMIT, "sh", Integer.toString(files.size())));
    for (Map.Entry<Path, String> f : files.entrySet()) {
      Run staged =
          stage(f.getKey(), f.getValue(), f.getValue().getBytes(StandardCharsets.UTF_8).length);
      assertThat(staged.exit()).as(staged.stderr()).isZero();
      args.add(staged.stdout().strip());
      args.add(f.getKey().toString());
    }
    args.addAll(validator);
    return sh(args, "");
  }

  private Run sh(List<String> args, String stdin) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    String err = read(p.getErrorStream());
    return new Run(p.waitFor(), out.join(), err);
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String user() throws IOException {
    return new String(
            new ProcessBuilder("id", "-un").start().getInputStream().readAllBytes(),
            StandardCharsets.UTF_8)
        .strip();
  }

  private List<String> names(Path d) throws IOException {
    try (var files = Files.list(d)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTransferThatEndsEarlyLeavesTheOldFileAndNoTempFile() throws Exception {
    Path target = Files.writeString(dir.resolve("main.cf"), "old\n");
    Run run = write(target, "new content, cut", 1000);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("only 16 of 1000 bytes arrived", "was not replaced");
    assertThat(Files.readString(target)).isEqualTo("old\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("main.cf");
    }
  }

  @Test
  void aCompleteTransferReplacesTheFileAndKeepsTheOldInodeAsThePreviousVersion() throws Exception {
    Path target = Files.writeString(dir.resolve("main.cf"), "old\n");
    Object oldInode = Files.getAttribute(target, "unix:ino");
    Run run = write(target, "new\n", 4);
    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(Files.readString(target)).isEqualTo("new\n");
    Path prev = dir.resolve("main.cf.mailpush-prev");
    assertThat(Files.readString(prev)).isEqualTo("old\n");
    assertThat(Files.getAttribute(prev, "unix:ino")).as("a link, not a copy").isEqualTo(oldInode);
    assertThat(Files.getAttribute(prev, "unix:nlink")).isEqualTo(1);
  }

  @Test
  void stagingLeavesTheTargetAloneAndPrintsAHiddenTempFileBesideIt() throws Exception {
    Path target = Files.writeString(dir.resolve("main.cf"), "old\n");
    Run run = stage(target, "new\n", 4);
    assertThat(run.exit()).as(run.stderr()).isZero();
    Path temp = Path.of(run.stdout().strip());
    assertThat(temp.getParent()).isEqualTo(dir);
    assertThat(temp.getFileName().toString()).startsWith(".mailpush.");
    assertThat(Files.readString(temp)).isEqualTo("new\n");
    assertThat(Files.getAttribute(temp, "unix:mode")).isEqualTo(0100640);
    assertThat(Files.readString(target)).isEqualTo("old\n");

    Run cut = stage(target, "new content, cut", 1000);
    assertThat(cut.exit()).isEqualTo(1);
    assertThat(cut.stderr()).contains("only 16 of 1000 bytes arrived");
    assertThat(cut.stdout()).isEmpty();
    assertThat(names(dir)).containsExactly(temp.getFileName().toString(), "main.cf");
  }

  @Test
  void anAcceptedGroupReplacesEveryFileAndKeepsThePreviousVersions() throws Exception {
    Path main = Files.writeString(dir.resolve("main.cf"), "old main\n");
    Object oldInode = Files.getAttribute(main, "unix:ino");
    Path master = dir.resolve("master.cf");
    Files.writeString(dir.resolve("master.cf.mailpush-prev"), "stale\n");

    Run run = commit(Map.of(main, "new main\n", master, "new master\n"), List.of("true"));

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(Files.readString(main)).isEqualTo("new main\n");
    assertThat(Files.readString(master)).isEqualTo("new master\n");
    assertThat(Files.getAttribute(dir.resolve("main.cf.mailpush-prev"), "unix:ino"))
        .isEqualTo(oldInode);
    assertThat(names(dir))
        .as("the stale previous version of a new file is gone, no temp file is left")
        .containsExactly("main.cf", "main.cf.mailpush-prev", "master.cf");
    assertThat(names(tmp)).isEmpty();
  }

  @Test
  void aRejectedGroupIsPutBackByteForByteAndTheValidatorsWordsAreReturned() throws Exception {
    Path main = Files.writeString(dir.resolve("main.cf"), "old main\n");
    Object oldInode = Files.getAttribute(main, "unix:ino");
    Path master = dir.resolve("master.cf");
    Files.writeString(dir.resolve("master.cf.mailpush-prev"), "stale\n");

    Run run =
        commit(
            Map.of(main, "new main\n", master, "new master\n"),
            List.of("sh", "-c", "echo checked; echo 'master.cf: bad value' >&2; exit 1"));

    assertThat(run.exit()).isEqualTo(RemoteScripts.REJECTED);
    assertThat(run.stdout()).isEqualTo("checked\n");
    assertThat(run.stderr()).isEqualTo("master.cf: bad value\n");
    assertThat(Files.readString(main)).isEqualTo("old main\n");
    assertThat(Files.getAttribute(main, "unix:ino")).as("the very same file").isEqualTo(oldInode);
    assertThat(names(dir))
        .as("the new file removed, nothing left behind")
        .containsExactly("main.cf");
    assertThat(names(tmp)).isEmpty();
  }

  /**
   * What a lost connection does under sudo's pty: SIGHUP for the script and the validator, and
   * every write to the channel failing. The script must still put the group back.
   */
  @Test
  void aRejectedGroupIsPutBackEvenAfterAHangupWithNobodyReadingTheOutput() throws Exception {
    Path main = Files.writeString(dir.resolve("main.cf"), "old main\n");
    Path master = Files.writeString(dir.resolve("master.cf"), "old master\n");
    List<String> args = new ArrayList<>(List.of(RemoteScripts.COMMIT, "sh", "2"));
    for (Path p : List.of(main, master)) {
      Run staged = stage(p, "new\n", 4);
      args.addAll(List.of(staged.stdout().strip(), p.toString()));
    }
    // The validator hangs up on the script and on itself, then talks to the closed channel and
    // fails.
    args.addAll(
        List.of("sh", "-c", "kill -HUP $PPID $$; sleep 0.2; echo rejected; echo why >&2; exit 1"));
    List<String> argv = new ArrayList<>(List.of("sh", "-c"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    p.getInputStream().close();
    p.getErrorStream().close();

    assertThat(p.waitFor()).isEqualTo(RemoteScripts.REJECTED);
    assertThat(Files.readString(main)).isEqualTo("old main\n");
    assertThat(Files.readString(master)).isEqualTo("old master\n");
    assertThat(names(dir)).containsExactly("main.cf", "master.cf");
    assertThat(names(tmp)).isEmpty();
  }
}
