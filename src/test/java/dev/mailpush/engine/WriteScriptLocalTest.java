package dev.mailpush.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic write script run by the local {@code sh} (this machine is Debian too): a transfer that ends
 * early must never replace the file, and the previous version is kept without copying it.
 */
class WriteScriptLocalTest {
  @TempDir Path dir;

  private record Run(int exit, String stderr) {}

  private Run write(Path target, String stdin, int declaredSize) throws IOException, InterruptedException {
    String user = new String(new ProcessBuilder("id", "-un").start().getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).strip();
    Process p = new ProcessBuilder(List.of("sh", "-c", RemoteScripts.WRITE, "sh", target.toString(), "0640", user, "",
        "1", Integer.toString(declaredSize))).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), err);
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
}
