package dev.mailpush.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeParserTest {
  private static final FactQuery QUERY =
      FactQuery.packages(Set.of("postfix", "dovecot-imapd", "absent-pkg"))
          .plus(
              FactQuery.paths(Set.of("/etc/postfix/main.cf", "/etc/postfix", "/nope", "/dev/null")))
          .plus(FactQuery.services(Set.of("postfix", "ghost")))
          .plus(FactQuery.users(Set.of("alice", "bob")))
          .plus(FactQuery.guards(List.of("test -f /x")));

  private static final String DEBIAN12 =
      String.join(
          "\n",
          "some motd noise from a login shell",
          "O\tPRETTY_NAME\t\"Debian GNU/Linux 12 (bookworm)\"",
          "O\tID\tdebian",
          "O\tVERSION_ID\t\"12\"",
          "H\trestart postfix",
          "P\tpostfix\tii \t3.7.11-0+deb12u1",
          "P\tdovecot-imapd\trc \t1:2.3.19.1",
          "F\t/etc/postfix/main.cf\tfile\t644\troot\troot\t1234",
          "D\tabc123  /etc/postfix/main.cf",
          "F\t/etc/postfix\tdir\t755\troot\troot",
          "F\t/nope\tmissing",
          "F\t/dev/null\tother",
          "S\tLoadState=not-found",
          "S\tActiveState=inactive",
          "S\tUnitFileState=",
          "S\t",
          "S\tLoadState=loaded",
          "S\tActiveState=active",
          "S\tUnitFileState=enabled",
          "S\t",
          "U\talice\t1000\t/home/alice\t/bin/bash\tdeadbeef",
          "U\tbob\tabsent",
          "G\t0\t1",
          "END",
          "");

  @Test
  void parsesEveryKindOfRecord() {
    HostFacts f = ProbeParser.parse(DEBIAN12, QUERY);

    assertThat(f.os())
        .isEqualTo(new OsRelease("debian", "12", List.of(), "Debian GNU/Linux 12 (bookworm)"));
    assertThat(f.pendingMarks()).containsExactly("restart postfix");
    assertThat(f.pkg("postfix")).isEqualTo(new PackageState.Installed("3.7.11-0+deb12u1"));
    assertThat(f.pkg("dovecot-imapd"))
        .as("removed, config kept")
        .isInstanceOf(PackageState.Absent.class);
    assertThat(f.pkg("absent-pkg")).isInstanceOf(PackageState.Absent.class);
    assertThat(f.path("/etc/postfix/main.cf"))
        .isEqualTo(new PathState.RegularFile("abc123", "0644", "root", "root", 1234));
    assertThat(f.path("/etc/postfix")).isEqualTo(new PathState.Directory("0755", "root", "root"));
    assertThat(f.path("/nope")).isInstanceOf(PathState.Missing.class);
    assertThat(f.path("/dev/null")).isEqualTo(new PathState.Other("other"));
    assertThat(f.service("postfix").running()).isTrue();
    assertThat(f.service("ghost").exists()).isFalse();
    assertThat(f.user("alice"))
        .isEqualTo(new UserState.Present(1000, "/home/alice", "/bin/bash", "deadbeef"));
    assertThat(f.user("bob")).isInstanceOf(UserState.Absent.class);
    assertThat(f.guard("test -f /x")).isFalse();
  }

  @Test
  void leftoverStagingFilesAreNamedByTheirDirectoryAndNeverAManagedFile() {
    FactQuery query =
        FactQuery.paths(Set.of("/etc/postfix/main.cf", "/etc/postfix/.mailpush.Manage", "/srv/x"))
            .plus(FactQuery.stagingBeside(Set.of("/etc/postfix/main.cf", "/srv/x", "/top")));
    assertThat(query.stagingDirs()).containsExactlyInAnyOrder("/etc/postfix", "/srv", "/");
    String out =
        "O\tID\tdebian\nL\t1\t.mailpush.AbC123\nL\t2\t.mailpush.q1w2e3\nL\t0\t.mailpush.zZ0011\n"
            + "L\t1\t.mailpush.Manage\nEND\n";

    assertThat(ProbeParser.parse(out, query).leftovers())
        .containsExactlyInAnyOrder(
            "/etc/postfix/.mailpush.AbC123", "/srv/.mailpush.q1w2e3", "/.mailpush.zZ0011");
    assertThat(ProbeParser.parse(DEBIAN12, QUERY).leftovers()).isEmpty();
  }

  @Test
  void truncatedOutputIsAnError() {
    assertThatThrownBy(() -> ProbeParser.parse("O\tID\tdebian\n", QUERY))
        .hasMessageContaining("cut short");
  }

  @Test
  void askingForAFactThatWasNotGatheredIsABugNotAGuess() {
    HostFacts f = ProbeParser.parse(DEBIAN12, QUERY);
    assertThatThrownBy(() -> f.path("/etc/other")).hasMessageContaining("was not gathered");
  }
}
