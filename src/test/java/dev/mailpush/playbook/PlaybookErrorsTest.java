package dev.mailpush.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad playbooks, one per row: each is refused when loaded (before any inventory value is used or
 * any host contacted) with the file:line(:column) of the offending key, a message saying what is
 * wrong, and a hint that says where the key belongs or names the closest allowed key, and lists
 * what the table takes.
 */
class PlaybookErrorsTest {
  @TempDir Path dir;

  /**
   * Label, playbook, where (file:line or file:line:column), part of the message, part of the hint.
   */
  static Stream<Arguments> badPlaybooks() {
    return Stream.of(
        // ------------------------------------------------ a key of another action
        row(
            "template on a service task",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            template = "t.mustache"
            """,
            "p.toml:4:1",
            "\"template\" does not belong to a service task",
            "template is a key of file tasks and [[tasks.files]] entries; a service task takes service, state, enabled"
                + " and the common keys name, notify, when, when_version, loop, loop_count, loop_over, vars"),
        row(
            "state on a file task",
            """
            [[tasks]]
            name = "x"
            file = "/etc/x"
            content = "x"
            state = "running"
            """,
            "p.toml:5:1",
            "\"state\" does not belong to a file task",
            "state is a key of service tasks;"),
        row(
            "validate on a single file",
            """
            [[tasks]]
            name = "x"
            file = "/etc/x"
            content = "x"
            validate = ["true"]
            """,
            "p.toml:5:1",
            "\"validate\" does not belong to a file task",
            "validate is a key of files tasks"),
        row(
            "creates on a service task",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            creates = "/x"
            """,
            "p.toml:4:1",
            "\"creates\" does not belong to a service task",
            "creates is a key of command tasks"),
        row(
            "shell on a command task",
            """
            [[tasks]]
            name = "x"
            command = ["true"]
            shell = "/bin/sh"
            """,
            "p.toml:4:1",
            "\"shell\" does not belong to a command task",
            "shell is a key of user tasks"),
        row(
            "enabled on a directory",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            enabled = true
            """,
            "p.toml:4:1",
            "\"enabled\" does not belong to a directory task",
            "a directory task takes directory," + " mode, owner, group"),
        row(
            "content on a directory",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            content = "x"
            """,
            "p.toml:4:1",
            "\"content\" does not belong to a directory task",
            "content is a key of file tasks and [[tasks.files]] entries"),
        row(
            "password_hash on mail_users",
            """
            [[tasks]]
            name = "x"
            mail_users = true
            password_hash = "$6$x"
            """,
            "p.toml:4:1",
            "\"password_hash\" does not belong to a mail_users task",
            "a mail_users task takes" + " mail_users and the common keys"),
        row(
            "mode on a report",
            """
            [[tasks]]
            name = "x"
            report = "/x"
            mode = "0644"
            """,
            "p.toml:4:1",
            "\"mode\" does not belong to a report task",
            "mode is a key of file tasks," + " directory tasks and [[tasks.files]] entries"),
        row(
            "owner on packages",
            """
            [[tasks]]
            name = "x"
            packages = ["cron"]
            owner = "root"
            """,
            "p.toml:4:1",
            "\"owner\" does not belong to a packages task",
            "a packages task takes packages"),
        row(
            "unless on an acme certificate",
            """
            [[tasks]]
            name = "x"
            acme_certificate = true
            unless = "true"
            """,
            "p.toml:4:1",
            "\"unless\" does not belong to an acme_certificate task",
            "unless is a key of command tasks"),
        row(
            "secret on a user",
            """
            [[tasks]]
            name = "x"
            user = "bob"
            secret = true
            """,
            "p.toml:4:1",
            "\"secret\" does not belong to a user task",
            "a user task takes user, shell," + " password_hash"),
        // ------------------------------------------------ misspelt keys
        row(
            "misspelt mode",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            moed = "0755"
            """,
            "p.toml:4:1",
            "unknown key \"moed\" in a directory task",
            "did you mean \"mode\"? a directory task"),
        row(
            "misspelt notify",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            notfiy = ["h"]
            """,
            "p.toml:4:1",
            "unknown key \"notfiy\" in a service task",
            "did you mean \"notify\"?"),
        row(
            "a key of no table at all",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            restart_on_failure = true
            """,
            "p.toml:4:1",
            "unknown key \"restart_on_failure\" in a service task",
            "a service task takes service, state, enabled and the common keys"),
        row(
            "misspelt key of another action",
            """
            [[tasks]]
            name = "x"
            file = "/x"
            content = "x"
            shel = "/bin/sh"
            """,
            "p.toml:5:1",
            "unknown key \"shel\" in a file task",
            "did you mean \"shell\" (user tasks)?"),
        row(
            "misspelt action",
            """
            [[tasks]]
            name = "x"
            servce = "cron"
            """,
            "p.toml:3:1",
            "task 1 must have exactly one action key, found none",
            "did you mean \"service\"?"),
        row(
            "no action",
            """
            [[tasks]]
            name = "x"
            """,
            "p.toml:2",
            "task 1 must have exactly one action key, found none",
            "one of [packages, file,"),
        row(
            "two actions",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            service = "cron"
            """,
            "p.toml:4:1",
            "found [directory, service]",
            "split it into 2 tasks"),
        // ------------------------------------------------ [[tasks.files]] entries
        row(
            "validate inside a files entry",
            """
            [[tasks]]
            name = "x"
            [[tasks.files]]
            path = "/x"
            content = "x"
            validate = ["true"]
            """,
            "p.toml:6:1",
            "\"validate\" does not belong to files[0] (a [[tasks.files]] entry)",
            "validate is a key of files tasks; a [[tasks.files]] entry takes path, template, content, mode, owner,"
                + " group, secret"),
        row(
            "when inside a files entry",
            """
            [[tasks]]
            name = "x"
            [[tasks.files]]
            path = "/x"
            content = "x"
            [[tasks.files]]
            path = "/y"
            content = "y"
            when = "mail.enable_antispam"
            """,
            "p.toml:9:1",
            "\"when\" does not belong to files[1]",
            "when is a key of every task"),
        row(
            "misspelt template in a files entry",
            """
            [[tasks]]
            name = "x"
            [[tasks.files]]
            path = "/x"
            tempalte = "t.mustache"
            """,
            "p.toml:5:1",
            "unknown key \"tempalte\" in files[0]",
            "did you mean \"template\"?"),
        row(
            "files not as tables",
            """
            [[tasks]]
            name = "x"
            files = ["/x"]
            """,
            "p.toml:3:1",
            "files must be an array of tables",
            "one [[tasks.files]] table per file"),
        row(
            "a files entry without path",
            """
            [[tasks]]
            name = "x"
            [[tasks.files]]
            content = "x"
            """,
            "p.toml:4",
            "path is required and must be a string",
            ""),
        row(
            "neither template nor content",
            """
            [[tasks]]
            name = "x"
            file = "/x"
            mode = "0644"
            """,
            "p.toml:4:1",
            "file /x needs exactly one of template or content",
            "template = "),
        // ------------------------------------------------ types and values
        row(
            "mode as a number",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            mode = 755
            """,
            "p.toml:4:1",
            "mode must be a string in a directory task",
            "mode = \"0644\" (quoted"),
        row(
            "enabled as a string",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            enabled = "yes"
            """,
            "p.toml:4:1",
            "enabled must be true or false in a service task",
            "enabled = true"),
        row(
            "notify as a string",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            notify = "restart cron"
            """,
            "p.toml:4:1",
            "notify must be an array of strings",
            "notify = [\"...\", \"...\"]"),
        row(
            "command as a string",
            """
            [[tasks]]
            name = "x"
            command = "systemctl daemon-reload"
            """,
            "p.toml:3:1",
            "command must be an array of strings in a command task",
            "command = [\""),
        row(
            "loop_count as a string",
            """
            [[tasks]]
            name = "x"
            directory = "/x{{item}}"
            loop_count = "3"
            """,
            "p.toml:4:1",
            "loop_count must be an integer",
            "loop_count = 3"),
        row(
            "a state that does not exist",
            """
            [[tasks]]
            name = "x"
            service = "cron"
            state = "started"
            """,
            "p.toml:4:1",
            "state must be running or stopped, not \"started\"",
            "state = \"running\""),
        row(
            "mail_users = false",
            """
            [[tasks]]
            name = "x"
            mail_users = false
            """,
            "p.toml:3:1",
            "mail_users must be true",
            "give it a when"),
        row(
            "loop_count = 0",
            """
            [[tasks]]
            name = "x"
            directory = "/x{{item}}"
            loop_count = 0
            """,
            "p.toml:4:1",
            "loop_count must be at least 1",
            ""),
        row(
            "two loops",
            """
            [[tasks]]
            name = "x"
            directory = "/x{{item}}"
            loop = ["a"]
            loop_count = 2
            """,
            "p.toml:4:1",
            "use one of loop, loop_count and loop_over",
            ""),
        row(
            "a malformed when_version",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            when_version = "dovecot newer than 2.4"
            """,
            "p.toml:4:1",
            "must look like \"dovecot-core >= 2.4\"",
            ""),
        // ------------------------------------------------ handlers
        row(
            "action on a command handler",
            """
            [[handlers]]
            name = "h"
            command = ["true"]
            action = "restart"
            """,
            "p.toml:4:1",
            "\"action\" does not belong to a command handler",
            "action is a key of service" + " handlers; a command handler takes name, command"),
        row(
            "misspelt action key of a service handler",
            """
            [[handlers]]
            name = "h"
            service = "cron"
            acton = "reload"
            """,
            "p.toml:4:1",
            "unknown key \"acton\" in a service handler",
            "did you mean \"action\"? a service" + " handler takes name, service, action"),
        row(
            "notify on a handler",
            """
            [[handlers]]
            name = "h"
            service = "cron"
            notify = ["other"]
            """,
            "p.toml:4:1",
            "\"notify\" does not belong to a service handler",
            "notify is a key of every task"),
        row(
            "a handler action that does not exist",
            """
            [[handlers]]
            name = "h"
            service = "cron"
            action = "restrat"
            """,
            "p.toml:4:1",
            "action must be restart, reload or reload-or-restart, not \"restrat\"",
            "did you mean \"restart\"?"),
        row(
            "a handler with service and command",
            """
            [[handlers]]
            name = "h"
            service = "cron"
            command = ["true"]
            """,
            "p.toml:4:1",
            "handler \"h\" needs exactly one of service or command",
            "service = \"postfix\""),
        row(
            "a handler defined twice",
            """
            [[handlers]]
            name = "h"
            service = "cron"
            [[handlers]]
            name = "h"
            service = "cron"
            """,
            "p.toml:5:1",
            "handler \"h\" is defined twice",
            ""),
        // ------------------------------------------------ the playbook and its includes
        row(
            "misspelt include",
            """
            name = "x"
            inclde = ["a.toml"]
            """,
            "p.toml:2:1",
            "unknown key \"inclde\" at the top of the playbook",
            "did you mean \"include\"?"),
        row(
            "a task key above the first [[tasks]]",
            """
            name = "x"
            when = "mail.enable_antispam"
            [[tasks]]
            name = "t"
            directory = "/x"
            """,
            "p.toml:2:1",
            "unknown key \"when\" at the top of the playbook",
            "when is a key of every task (a key"
                + " above the first [[tasks]] belongs to the playbook)"),
        row(
            "a misspelt include entry key",
            """
            include = [{ file = "a.toml", whne = "mail.enable_antispam" }]
            """,
            "p.toml:1:31",
            "unknown key \"whne\" in include[0]",
            "did you mean \"when\"?"),
        row(
            "an include entry without file",
            """
            include = [{ when = "mail.enable_antispam" }]
            """,
            "p.toml:1",
            "file is required and must be a string",
            ""),
        row(
            "an include entry that is a number",
            """
            include = ["a.toml", 3]
            """,
            "p.toml:1:1",
            "include[1] must be a file name or a table with file and when",
            "include = ["),
        row(
            "a playbook name that is not a string",
            """
            name = 3
            """,
            "p.toml:1:1",
            "name must be a string",
            ""),
        // ------------------------------------------------ [tasks.vars]
        row(
            "vars not a table",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            vars = "level"
            """,
            "p.toml:4:1",
            "vars must be a table in a directory task",
            "[tasks.vars] with lines such as"),
        row(
            "a reserved variable name",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            item = "a"
            """,
            "p.toml:5:1",
            "\"item\" cannot name a task variable",
            "host, mail, tls, backup, alerts, play, vars and item are taken"),
        row(
            "a variable name with capitals",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            Level = "a"
            """,
            "p.toml:5:1",
            "\"Level\" cannot name a task variable",
            "lowercase letters"),
        row(
            "a choice without else",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            level = { when_version = "postfix >= 3.6", value = "3.6" }
            """,
            "p.toml:5:1",
            "a choice needs both value and else",
            "else may be another choice"),
        row(
            "a choice without a condition",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            level = { value = "3.6", else = "2" }
            """,
            "p.toml:5:1",
            "a choice needs when or when_version (or both)",
            ""),
        row(
            "a misspelt key of a choice",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            level = { when_version = "postfix >= 3.6", vaule = "3.6", else = "2" }
            """,
            "p.toml:5:44",
            "unknown key \"vaule\" in a task variable's choice",
            "did you mean \"value\"?"),
        row(
            "a list as a variable",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            levels = ["3.6", "2"]
            """,
            "p.toml:5:1",
            "task variable \"levels\" must be a string, an integer, a boolean or a choice",
            ""),
        row(
            "a choice as value",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            level = { when = "mail.enable_antispam", value = { when = "mail.enable_greylisting", value = "a", else = "b" }, else = "c" }
            """,
            "p.toml:5:42",
            "value must be a string, an integer or a boolean",
            "a further case goes into else"),
        row(
            "a malformed when_version in a choice",
            """
            [[tasks]]
            name = "x"
            directory = "/x"
            [tasks.vars]
            level = { when = "mail.enable_antispam", else = { when_version = "postfix 3.6", value = "a", else = "b" }, value = "c" }
            """,
            "p.toml:5:51",
            "must look like \"dovecot-core >= 2.4\"",
            ""));
  }

  private static Arguments row(
      String label, String toml, String where, String message, String hint) {
    return Arguments.of(label, toml, where, message, hint);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlaybooks")
  void isRefusedAtItsLineWithAHint(
      String label, String toml, String where, String message, String hint) throws Exception {
    Files.writeString(dir.resolve("a.toml"), "[[tasks]]\nname = \"a\"\ndirectory = \"/a\"\n");
    Files.writeString(dir.resolve("p.toml"), toml);
    PlaybookException e =
        catchThrowableOfType(
            PlaybookException.class,
            () -> PlaybookLoader.load(new PlaybookSource.Directory(dir), "p.toml"));
    assertThat(e).as(label + ": refused").isNotNull();
    String at = dir.resolve(where).toString();
    assertThat(e.getMessage()).as(label).startsWith(at + ": ").contains(message);
    assertThat(e.hint()).as(label + ": hint").contains(hint);
  }
}
