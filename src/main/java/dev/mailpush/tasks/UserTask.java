package dev.mailpush.tasks;

import dev.mailpush.MailpushException;
import dev.mailpush.distro.Distro;
import dev.mailpush.engine.Plan;
import dev.mailpush.engine.Step;
import dev.mailpush.engine.Task;
import dev.mailpush.facts.FactQuery;
import dev.mailpush.facts.HostFacts;
import dev.mailpush.facts.UserState;
import dev.mailpush.ssh.ExecRequest;
import dev.mailpush.ssh.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A local account with a home directory, a shell (enforced, or only set at creation) and optionally
 * a password hash. The hash goes to {@code chpasswd -e} on stdin, never on a command line; the
 * probe returns only its SHA-256, so comparing it does not bring the host's hash back either.
 *
 * @param regularOnly a mail user ({@code [mail.users.NAME]}): an existing account below uid {@value
 *     #FIRST_REGULAR_UID} (root, postfix, sshd...) is refused, never given a password; Dovecot
 *     would not serve it mail anyway
 */
public record UserTask(
    String name,
    String user,
    String shell,
    boolean keepExistingShell,
    Optional<Secret> passwordHash,
    boolean regularOnly)
    implements Task {
  /** Dovecot's first_valid_uid and Debian's UID_MIN. */
  public static final int FIRST_REGULAR_UID = 1000;

  /** An account the playbook manages as it says, system accounts included. */
  public UserTask(
      String name,
      String user,
      String shell,
      boolean keepExistingShell,
      Optional<Secret> passwordHash) {
    this(name, user, shell, keepExistingShell, passwordHash, false);
  }

  @Override
  public FactQuery needs() {
    return FactQuery.users(Set.of(user));
  }

  @Override
  public Plan plan(HostFacts facts, Distro distro) {
    List<Step> steps = new ArrayList<>();
    UserState state = facts.user(user);
    if (state instanceof UserState.Present p && regularOnly && p.uid() < FIRST_REGULAR_UID) {
      throw new MailpushException(
          "\""
              + user
              + "\" is a system account on this host (uid "
              + p.uid()
              + "): mailpush does not give it a password as a mail user",
          "Dovecot serves mail only to accounts with uid "
              + FIRST_REGULAR_UID
              + " and above: choose another name in"
              + " [mail.users] (mailpush creates that account)");
    }
    if (state instanceof UserState.Present p) {
      if (!keepExistingShell && !p.shell().equals(shell)) {
        steps.add(
            Commands.root(
                "set shell of " + user + " to " + shell, "usermod", "-s", shell, "--", user));
      }
      if (passwordHash.isPresent()
          && !p.passwordHashSha256().equals(FileSpec.sha256(hashBytes()))) {
        steps.add(setPassword());
      }
    } else {
      steps.add(
          Commands.root(
              "create user " + user, "useradd", "--create-home", "--shell", shell, "--", user));
      passwordHash.ifPresent(h -> steps.add(setPassword()));
    }
    if (steps.isEmpty()) {
      return new Plan.NoChange(
          "user "
              + user
              + " exists"
              + (keepExistingShell ? "" : " with shell " + shell)
              + (passwordHash.isPresent() ? " and this password" : ""));
    }
    return new Plan.Changes(steps, List.of());
  }

  private byte[] hashBytes() {
    return passwordHash.orElseThrow().reveal().getBytes(StandardCharsets.UTF_8);
  }

  private Step setPassword() {
    byte[] line =
        (user + ":" + passwordHash.orElseThrow().reveal() + "\n").getBytes(StandardCharsets.UTF_8);
    return new Step.RunCommand(
        "set password of " + user + " (hash on stdin)",
        ExecRequest.root(List.of("chpasswd", "-e"), line));
  }
}
