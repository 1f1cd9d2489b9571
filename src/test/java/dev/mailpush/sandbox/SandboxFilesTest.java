package dev.mailpush.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox's directory may be the user's own: down removes what up wrote and nothing else. */
class SandboxFilesTest {
  @TempDir Path dir;

  @Test
  void deleteRemovesTheSandboxFilesAndKeepsTheUsersOwn() throws Exception {
    Sandbox s = new Sandbox("demo", "bookworm", dir.resolve("demo"));
    Files.createDirectories(s.dir());
    SandboxKey.write(s.identity());
    SandboxFiles.writeAccess(s, 32781, "ssh-ed25519 AAAA");
    Path own = Files.writeString(s.dir().resolve("notes.txt"), "mine");

    assertThat(Files.readString(s.knownHosts())).isEqualTo("[127.0.0.1]:32781 ssh-ed25519 AAAA\n");
    SandboxFiles.delete(s.dir());

    try (var left = Files.list(s.dir())) {
      assertThat(left).containsExactly(own);
    }
  }

  @Test
  void deleteRemovesTheDirectoryWhenNothingElseIsInIt() throws Exception {
    Sandbox s = new Sandbox("demo", "bookworm", dir.resolve("demo"));
    Files.createDirectories(s.dir());
    SandboxKey.write(s.identity());
    SandboxFiles.writeAccess(s, 32781, "ssh-ed25519 AAAA");

    SandboxFiles.delete(s.dir());

    assertThat(s.dir()).doesNotExist();
  }
}
